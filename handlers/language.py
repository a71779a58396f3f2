"""Which language a message is written in: Norwegian bokmål or English."""

from __future__ import annotations

import re

from handlers.messages import Lang

_WORD = re.compile(r"[a-zæøåäöéü]+")

# Frequent function words and domain words that only one of the two languages uses. Words both
# use often are left out of both: "i" (English "I", Norwegian "in"), "at", "her", "under", "ok".
_NB = frozenset(
    """
    hva hvordan hvem hvor hvilke hvilken hvilket hvorfor hvis når og er jeg vi dere du de det den
    en et ei ikke som må skal kan kunne vil med på til fra av om å har hadde finnes fins gjør gjøre
    meg oss vår våre vårt deg din dine mitt min mine sin sine noe noen mye mange bare også eller
    men så da nå der etter før mellom hos uten skal skulle blir bli ble være vært
    anskaffelse anskaffelser innkjøp leverandør leverandører kommune kommunen behov behovet
    hjelp sjekkliste sjekklister påminn samling samlinger frist frister påminnelser slett ferdig
    tilbake forklar avbryt hopp neste forrige morgen kveld uke dag dager timer klokka kl
    hei takk ja nei trenger lurer finner søke støtte møte møter konkurranse kontrakt
    innovasjon innovativ innovative ledelse ledelsen toppledelsen markedet dialog veiledende
    kunngjøring kunngjøre mål gevinst gevinster anbud tilbud tilbudet krav kravene vi
    """.split()
)
_EN = frozenset(
    """
    what how who where which why when if and is are am was were we you they it the a an not
    that must shall can could will would with on to from of about have has had do does did done
    me us our ours your yours my mine their some any much many only also or but so then now here
    there after before between without be been being get got make should need needs
    procurement procurements purchase buyer buyers supplier suppliers vendor vendors municipality
    help checklist checklists remind gathering gatherings deadline deadlines reminders cancel
    done skip back explain stop next tomorrow today week day days hours hour pm am
    hi hello thanks thank yes no please find apply funding meeting meetings tender contract
    good morning evening afternoon everyone
    innovation innovative management leadership market dialogue prior notice goal goals benefit
    benefits bid bids requirements
    """.split()
)


def detect_language(text: str) -> Lang | None:
    """Return "nb" or "en" when the text says so clearly, None when it is too short to tell."""
    lowered = text.lower()
    words = _WORD.findall(lowered)
    nb = sum(1 for w in words if w in _NB)
    en = sum(1 for w in words if w in _EN)
    if re.search(r"[æøå]", lowered):
        nb += 2
    if nb > en:
        return "nb"
    if en > nb:
        return "en"
    return None
