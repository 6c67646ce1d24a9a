"""Hard limits imposed by the channels content is published to.

The one place these numbers live: the admin validation, the channel renderers, the payload
contracts that the OpenAPI document is built from, the admin previews and the translator
notes all import them from here.
"""

# WhatsApp interactive button titles and cta_url display text; Telegram buttons are held
# to the same label so one label serves every chat channel.
BUTTON_LABEL_MAX = 20
# WhatsApp interactive message body.
INTERACTIVE_BODY_MAX = 1024
# WhatsApp interactive message header text.
INTERACTIVE_HEADER_MAX = 60
# WhatsApp text message body; Telegram message after entity parsing (UTF-16 code units).
TEXT_MESSAGE_MAX = 4096
# SMS: one message of 160 GSM-7 septets or 70 UCS-2 units; longer texts go in segments of
# 153 or 67, the rest of each segment holding the concatenation header.
SMS_GSM7_SINGLE, SMS_GSM7_SEGMENT = 160, 153
SMS_UCS2_SINGLE, SMS_UCS2_SEGMENT = 70, 67
# WhatsApp reply buttons: at most three per message, each id at most 256 characters.
REPLY_BUTTONS_MAX = 3
REPLY_BUTTON_ID_MAX = 256
# WhatsApp interactive list messages (Cloud API, "Interactive list messages"): the button
# that opens the list, at most 10 rows in all, each row's title and description, a
# section's title, a row id; the list's body text.
LIST_BUTTON_MAX = 20
LIST_ROWS_MAX = 10
LIST_ROW_TITLE_MAX = 24
LIST_ROW_DESCRIPTION_MAX = 72
LIST_SECTION_TITLE_MAX = 24
LIST_ROW_ID_MAX = 200
LIST_BODY_MAX = 4096
# A section's menu label (editors' optional short label, or the heading shortened): one
# label serves a WhatsApp list row title and a Telegram button, so it is held to the row.
MENU_LABEL_MAX = LIST_ROW_TITLE_MAX
# Telegram inline keyboard buttons: ``callback_data`` is 1-64 bytes (Bot API,
# InlineKeyboardButton), counted in UTF-8.
TELEGRAM_CALLBACK_DATA_MAX_BYTES = 64
# Image captions: WhatsApp image messages (``image.caption``) and Telegram ``sendPhoto``
# (``caption``: 0-1024 characters after entities parsing).
IMAGE_CAPTION_MAX = 1024
# WhatsApp message templates (Meta, "Message templates" / "Template components"): name of
# lowercase letters, digits and underscores, header text, body text, URL button text and
# URL; a parameter's value is limited only by the body it fills.
TEMPLATE_NAME_MAX = 512
TEMPLATE_HEADER_MAX = 60
TEMPLATE_BODY_MAX = 1024
TEMPLATE_BUTTON_TEXT_MAX = 25
TEMPLATE_URL_MAX = 2000

# Bounds on the work one request may ask for, checked before anything expensive (channel
# validation, segmentation): a paragraph or any other single text, counted in the
# characters a reader sees (rich text without its markup, as Wagtail's rich text
# max_length counts; a translator's placeholders such as <a1>…</a1> do not count either);
# headings, labels and titles keep their own, tighter limits. ``deploy/gunicorn.conf.py``
# and the Django upload settings are derived from these numbers.
TEXT_MAX = 10_000
# An enquiry form's privacy notice, and its link text: short enough that with the form's
# heading and address the WhatsApp invitation stays one button message (INTERACTIVE_BODY_MAX).
PRIVACY_NOTICE_MAX = 500
PRIVACY_LINK_LABEL_MAX = 80
# Blocks in one StreamField (an article's body or its aside), in each language.
STREAM_BLOCKS_MAX = 500
# All the texts of one such StreamField together, in each language (the seed article's body
# has about 7,500): without it, 500 blocks of TEXT_MAX each would still be 5 million
# characters for the channel checks of one save.
STREAM_TEXT_MAX = 50_000
# An uploaded translation file: a PO file or a workbook (.xlsx), as uploaded.
TRANSLATION_FILE_MAX_BYTES = 5 * 1024 * 1024
# A workbook's ZIP members unpacked, all together: a zip bomb is refused before unpacking.
WORKBOOK_UNPACKED_MAX_BYTES = 50 * 1024 * 1024
# A workbook's cells (and rows), counted in its XML before openpyxl builds one object per
# cell: an export holds its rows x 7 columns, a page's few thousand texts far fewer than
# this, so the bound is generous; a few kilobytes of XML could otherwise ask for millions.
WORKBOOK_CELLS_MAX = 200_000
# And every XML element of the workbook together (cells, their texts and formatting runs,
# rows, shared strings): an export has about three per cell, Excel's own save about four.
WORKBOOK_XML_ELEMENTS_MAX = 4 * WORKBOOK_CELLS_MAX
# A request's form fields (its files aside) held in memory (Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE): an article's edit form carries every language's body and
# aside, each up to STREAM_TEXT_MAX characters of at most 4 bytes in UTF-8, with their
# markup and block structure: 3 languages x 2 streams x 200 KB leaves room to spare.
REQUEST_FIELDS_MAX_BYTES = 5 * 1024 * 1024
# And how many fields (DATA_UPLOAD_MAX_NUMBER_FIELDS): a block of a stream posts up to
# about ten (type, id, order, deleted and its children), in each stream of each language.
REQUEST_FIELDS_MAX = 3 * 2 * STREAM_BLOCKS_MAX * 10
# An uploaded document to import as a draft article (.docx, .md, .txt), as uploaded.
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# A .docx's ZIP members unpacked, all together: a zip bomb is refused before unpacking.
DOCUMENT_UNPACKED_MAX_BYTES = 50 * 1024 * 1024
# And the XML tags in all its XML parts together (each "<" counts): what mammoth's time and
# memory grow with, where the bytes do not tell (1.5 million one-letter runs are 85 KB
# zipped and took minutes). Generous for an article at its limits (STREAM_BLOCKS_MAX blocks,
# STREAM_TEXT_MAX characters): the seed article as python-docx writes it has about 25,000,
# nearly all from the template's styles, and 470 in its body for 7,600 characters; Word,
# writing each run with its formatting, takes an estimated 40 tags for 100 characters, so
# 50,000 characters take about 20,000. mammoth reads 200,000 tags in about 4 seconds (12 for
# 200,000 empty paragraphs, the slowest shape measured).
DOCUMENT_XML_TAGS_MAX = 200_000
# And the longest text between two of those tags: the XML parser mammoth uses joins a text
# in time that grows with the square of its length (40 MB of spaces took half a minute);
# a paragraph holds at most TEXT_MAX characters, 40 KB in UTF-8.
DOCUMENT_XML_TEXT_RUN_MAX_BYTES = 1024 * 1024
# A .md or .txt's lines: what the readers' time grows with (about 200 µs a line for a list
# item holding a quote, the slowest shape measured: 2.4 MB of them took 40 s). An article
# at its limits (STREAM_TEXT_MAX characters in STREAM_BLOCKS_MAX blocks), wrapped at 60
# characters with a blank line between blocks, is about 1,300 lines; the seed is 130.
DOCUMENT_TEXT_LINES_MAX = 20_000
# And a .md's marks (the characters * _ [ ] ` < ! & \ that may open markup), what its time
# grows with within a line: about 25 µs each with the HTML walk, so 5 MB of emphasis and
# links took 40 s. A 50,000-character article with a link or bold phrase in every
# sentence has a few thousand.
DOCUMENT_MARKDOWN_MARKS_MAX = 50_000
# The largest request body a proxy in front should let through: the largest upload (a
# document to import, a translation file) with the form around it.
REQUEST_BODY_MAX_BYTES = max(TRANSLATION_FILE_MAX_BYTES, DOCUMENT_MAX_BYTES) + 1024 * 1024

# A reviewer's comment on a translation (approve / reject): a few paragraphs at most.
REVIEW_COMMENT_MAX = 2000

# Image renditions: every image is offered at these widths (never wider than its original),
# each in WebP and in its original format (JPEG or PNG: settings'
# WAGTAILIMAGES_FORMAT_CONVERSIONS turns the others into PNG), made by the task worker when
# the image is saved and when a page that shows it is published; the API, the web page's
# srcset and the chat image messages all choose among these files.
IMAGE_RENDITION_WIDTHS = (320, 640, 1280)
IMAGE_RENDITION_FORMATS = ("webp", "original")
# The file types and sizes a chat platform fetches an image message from a URL in:
# WhatsApp Cloud API image messages (JPEG or PNG, no WebP, at most 5 MB) and Telegram's
# sendPhoto given a URL (at most 5 MB, JPEG or PNG). The largest rendition in the
# original format within both is sent; an image none of whose renditions fits is refused
# at publish, naming its block.
CHAT_IMAGE_MIME_TYPES = ("image/jpeg", "image/png")
WHATSAPP_IMAGE_MAX_BYTES = 5 * 1024 * 1024
TELEGRAM_PHOTO_URL_MAX_BYTES = 5 * 1024 * 1024
CHAT_IMAGE_MAX_BYTES = min(WHATSAPP_IMAGE_MAX_BYTES, TELEGRAM_PHOTO_URL_MAX_BYTES)
# A reader's comment on an article ("Was this helpful?"): a few sentences, about what a
# chat app shows in one message without "read more". Longer is refused, never cut.
FEEDBACK_COMMENT_MAX = 1000
