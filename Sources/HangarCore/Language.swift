// Every module that speaks to people gets the catalogue with the domain.
@_exported import HangarLanguage
