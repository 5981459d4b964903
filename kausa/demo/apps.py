from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kausa.demo"
    verbose_name = "Demo data"
