"""The website: language negotiation, page context, enquiry form handling, sitemap."""
