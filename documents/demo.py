"""Demo data of the document library (seed_demo): the folders of the network, its bodies and its
libraries (documents.services.folders_sync)."""

from .services import folders_sync


def seed_documents(*, scale: int) -> dict:
    made = folders_sync()
    return {"folders": sum(made.values())}
