from tests.pages import Page

PAGES: list[Page] = []
