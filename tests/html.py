"""Reading rendered pages as a browser would: by elements and attributes, not by formatting."""

from bs4 import BeautifulSoup


def parse(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(element):
    return " ".join(element.get_text().split()) if element else ""


def switcher_links(page):
    nav = page.select_one("nav.language-switcher")
    return {a["hreflang"]: a for a in nav.select("a")}


def alternates(page):
    return {
        link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')
    }
