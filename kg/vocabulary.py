"""RDF namespaces of the knowledge graph."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

__all__ = [
    "KG",
    "SVC",
    "FACT",
    "CAT",
    "CAP",
    "ATTR",
    "PAT",
    "UNIT",
    "CUR",
    "KGU",
    "QUDT",
    "SEED",
    "SEED_DOC",
    "BASE",
    "PREFIXES",
    "CachedNamespace",
    "DCTERMS",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SH",
    "SKOS",
    "XSD",
]

BASE = "https://w3id.org/aws-kg/"
KG = Namespace(BASE + "ontology#")
SVC = Namespace(BASE + "service/")
FACT = Namespace(BASE + "fact/")
CAT = Namespace(BASE + "category/")
CAP = Namespace(BASE + "capability/")
ATTR = Namespace(BASE + "attribute/")
PAT = Namespace(BASE + "pattern/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
CUR = Namespace("http://qudt.org/vocab/currency/")
KGU = Namespace(BASE + "unit/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
SEED_DOC = "000_997a1773ab5c5105"
SEED = Namespace(BASE + "seed/")

PREFIXES: dict[str, Namespace] = {
    "kg": KG,
    "svc": SVC,
    "fact": FACT,
    "cat": CAT,
    "cap": CAP,
    "attr": ATTR,
    "pat": PAT,
    "unit": UNIT,
    "cur": CUR,
    "kgu": KGU,
    "qudt": QUDT,
    "seed": SEED,
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
}


class CachedNamespace:
    """A namespace whose terms are created once: ``KG.subject`` on rdflib's Namespace builds and
    validates a new URIRef on every access, which dominates compiling tens of thousands of
    facts."""

    def __init__(self, ns: Namespace) -> None:
        self._ns = ns
        self._terms: dict[str, URIRef] = {}

    def __getitem__(self, name: str) -> URIRef:
        t = self._terms.get(name)
        if t is None:
            t = self._terms[name] = self._ns[name]
        return t

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __str__(self) -> str:
        return str(self._ns)
