"""The Wagtail admin as a second front door to the library: choosers, listings, search and bulk
actions of documents follow the folders' access (documents.permissions); folder access screens."""
