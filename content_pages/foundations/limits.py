"""Hard limits imposed by the channels content is published to.

Kept in one place so the admin validation, the channel renderers and the translator
notes quote the same numbers.
"""

# WhatsApp interactive button titles and cta_url display text.
BUTTON_LABEL_MAX = 20
# WhatsApp interactive message body.
INTERACTIVE_BODY_MAX = 1024
# WhatsApp text message body; Telegram message after entity parsing.
TEXT_MESSAGE_MAX = 4096
