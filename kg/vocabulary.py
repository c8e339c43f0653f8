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
        if name.startswith("_") or name == "namespace":
            raise AttributeError(name)
        return self[name]

    def __str__(self) -> str:
        return str(self._ns)

    @property
    def namespace(self) -> Namespace:
        return self._ns


BASE = "https://w3id.org/aws-kg/"
KG = CachedNamespace(Namespace(BASE + "ontology#"))
SVC = CachedNamespace(Namespace(BASE + "service/"))
FACT = CachedNamespace(Namespace(BASE + "fact/"))
CAT = CachedNamespace(Namespace(BASE + "category/"))
CAP = CachedNamespace(Namespace(BASE + "capability/"))
ATTR = CachedNamespace(Namespace(BASE + "attribute/"))
PAT = CachedNamespace(Namespace(BASE + "pattern/"))
UNIT = Namespace("http://qudt.org/vocab/unit/")
CUR = Namespace("http://qudt.org/vocab/currency/")
KGU = Namespace(BASE + "unit/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
SEED_DOC = "000_997a1773ab5c5105"
SEED = Namespace(BASE + "seed/")

PREFIXES: dict[str, Namespace] = {
    "kg": KG.namespace,
    "svc": SVC.namespace,
    "fact": FACT.namespace,
    "cat": CAT.namespace,
    "cap": CAP.namespace,
    "attr": ATTR.namespace,
    "pat": PAT.namespace,
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
