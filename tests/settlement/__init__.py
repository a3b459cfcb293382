"""Delivery-versus-payment settlement tests."""
