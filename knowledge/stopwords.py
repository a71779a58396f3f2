"""Words that carry no topic in a question, in bokmål and English (stored folded, see `normalize`).

Besides function words, this holds the filler of a request ("kan du forklare", "tell me about",
"jeg lurer på"), so that wrapping a topic in politeness neither changes the answer nor makes an
in-scope question look out of scope. Topic words never belong here.
"""

from __future__ import annotations

from knowledge.normalize import fold

_NB = """
alle alt andre at av bare begge ble bli blir blitt bor da dag de dem den denne der deres det dette
deg din dine disse ditt du eller en ene eller enn er et ett etter for fordi fra for ga gi gir gikk
ha hadde han hans har hennes her hun hva hvem hver hvilke hvilken hvilket hvis hvor hvordan hvorfor
hvorledes i ikke inn inni ja jeg kan kom kunne man mange med meg mellom men mer mest min mine mitt
mot mye ma matte na nar ned nei noe noen nok nokon noko ny og ogsa om opp oss over pa sa samme
seg selv si sin sine sitt skal skulle slik som sa til ut uten var vart vare vart ved vi vil ville
være vært blitt bør burde
vors ditt dere deres hos nå nar sånn sann slik litt mye veldig egentlig liksom altsa ok okei hei
takk tusen god hallo heisann halla morn vennligst please gjerne lure lurer lurte lurt fortell fortelle forklar forklare forklaring
vite vet visste si sier sagt kort kortfattet info informasjon sporsmal sporre
hjelp hjelpe trenger trengs finnes fins skje gjelder angaende ang betyr mener tenke tenker
i dag idag i morgen imorgen morgen i går igår kveld natt
få får fått gjør gjøre gjort gjorde går gikk gått ta tar tok lage lager laget lagde
lang lenge
ei mi di si bare kanskje sikkert hvordan hvorfor noenlunde eksempel eks feks osv etc dvs
"""

_EN = """
a about above after again against all am an and any are aren as at be because been before being
below between both but by can cannot could couldn did didn do does doesn doing don down during each
few for from further had hadn has hasn have haven having he her here hers herself him himself his
how i if in into is isn it its itself just let lets me more most my myself no nor not now of off on
once only or other ought our ours ourselves out over own same she should so some such than that
thats the their theirs them themselves then there these they this those through to too under until
up very was wasn we were weren what whats when where which while who whom why will with won would
you your yours yourself yourselves hi hello hey thanks thank please tell explain explanation know
knew want wanted wonder wondering info information question questions help anyone
someone something anything thing things get got give gives way ways mean means meant kind sort
today tonight tomorrow yesterday morning evening good
go goes going gone went come comes make makes made take takes long much
okay ok yes also really actually maybe example eg ie etc like say says said us im ive id youre
"""

STOPWORDS: frozenset[str] = frozenset(fold(w) for w in (_NB + _EN).split())

# Words that frame a question about duration rather than name its topic, when they follow the
# first word: "hvor lang tid tar markedsdialogen" asks about market dialogue, not about time.
FRAMED_AFTER: frozenset[tuple[str, str]] = frozenset(
    (fold(a), fold(b)) for a, b in (("lang", "tid"), ("kort", "tid"), ("much", "time"), ("long", "time"))
)
