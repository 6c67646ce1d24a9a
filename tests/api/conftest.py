import json


def body(response):
    return json.loads(response.content)
