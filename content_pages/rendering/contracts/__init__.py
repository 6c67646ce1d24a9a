"""Payload contracts: pydantic models of what each channel and the page payload contain.

Renderers validate their output against these; the API declares them as response
schemas, so the OpenAPI document and the payloads are one definition.
"""
