"""The domain app: health articles, their snippets, translations and channels."""
