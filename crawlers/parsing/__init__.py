"""Pure parsers: a page's text (and its URL) in, plain records out. No Scrapy, no I/O, so saved pages test them."""
