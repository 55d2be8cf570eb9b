"""Adapters to the outside world: payment gateway, e-mail, SMS."""
