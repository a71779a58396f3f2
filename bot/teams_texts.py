"""What the Teams adapter itself says (welcome, files), in bokmål and English."""

from __future__ import annotations

from handlers.i18n import Catalog

t = Catalog(
    {
        "teams.welcome": {
            "nb": "Hei! Jeg er *lupbot*, assistenten for innovative anskaffelser. Still meg et spørsmål, "
            "start en sjekkliste med `sjekklister`, eller skriv `hjelp`. I en kanal: nevn meg først (@lupbot).",
            "en": "Hi! I am *lupbot*, the assistant for innovative public procurement. Ask me a question, "
            "start a checklist with `checklists`, or type `help`. In a channel: mention me first (@lupbot).",
        },
        "teams.file_personal_only": {
            "nb": "Filen {filename} kan jeg bare sende i en personlig chat med meg (Teams lar ikke boter "
            "legge filer i kanaler og gruppechatter). Skriv samme kommando til meg direkte.",
            "en": "I can only send the file {filename} in a personal chat with me (Teams does not let bots "
            "put files in channels and group chats). Send me the same command directly.",
        },
        "teams.file_too_large": {
            "nb": "Filen {filename} er for stor til å sendes her.",
            "en": "The file {filename} is too large to send here.",
        },
        "teams.file_offer": {
            "nb": "Vil du ha filen {filename}? Godta under, så legger jeg den i OneDrive-en din.",
            "en": "Do you want the file {filename}? Accept below and I will put it in your OneDrive.",
        },
        "teams.file_declined": {
            "nb": "Greit, jeg sender ikke {filename}.",
            "en": "Fine, I won't send {filename}.",
        },
        "teams.file_failed": {
            "nb": "Beklager, jeg fikk ikke lastet opp {filename}. Prøv kommandoen igjen om litt.",
            "en": "Sorry, I could not upload {filename}. Please try the command again shortly.",
        },
    }
)
