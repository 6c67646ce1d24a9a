"""Payload contracts: pydantic models of what each channel and the page payload contain.

The messaging renderers build these objects and store their JSON (``common.to_json``);
the web renderer validates its payload against ``pages`` once, at render time. The API
declares them as response schemas, so the OpenAPI document and the payloads are one
definition.
"""
