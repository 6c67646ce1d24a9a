"""Importing a document (.docx, .md, .txt) as a draft article, in stages.

- ``files``: what the upload is, refused before it is read when it cannot be one;
- ``html_reading`` (.docx through mammoth, .md through markdown-it-py, the HTML of
  both walked by ``html_blocks``) and ``plain_text`` (.txt): the document as a list of
  ``elements.Element``;
- ``citations``: a reference line as its authors, year, title, journal and DOI;
- ``structure``: the elements as an article plan (title, standfirst, body, references,
  aside) and what was recognised or needs a look;
- ``create``: the plan written as a draft, never published.
"""
