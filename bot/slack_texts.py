"""Texts only the Slack adapter shows (modal, App Home, escalation), in bokmål and English."""

from __future__ import annotations

from handlers.i18n import Catalog

t = Catalog(
    {
        "modal.title": {"nb": "Ny samling eller frist", "en": "New gathering/deadline"},
        "modal.submit": {"nb": "Lagre", "en": "Save"},
        "modal.cancel": {"nb": "Avbryt", "en": "Cancel"},
        "modal.kind": {"nb": "Hva slags", "en": "Kind"},
        "modal.kind.gathering": {"nb": "Nettverkssamling", "en": "Network gathering"},
        "modal.kind.deadline": {"nb": "Frist i markedsdialog", "en": "Market-dialogue deadline"},
        "modal.title_label": {"nb": "Tittel", "en": "Title"},
        "modal.title_placeholder": {
            "nb": "F.eks. Nettverkssamling om markedsdialog",
            "en": "E.g. Network gathering on market dialogue",
        },
        "modal.date": {"nb": "Dato", "en": "Date"},
        "modal.time": {"nb": "Klokkeslett", "en": "Time"},
        "modal.channel": {"nb": "Kanal", "en": "Channel"},
        "modal.channel_hint": {
            "nb": "Påminnelsene postes her; boten må være med i kanalen.",
            "en": "Reminders are posted here; the bot must be in the channel.",
        },
        "modal.offsets": {"nb": "Påminn før", "en": "Remind before"},
        "modal.offset.7d": {"nb": "7 dager", "en": "7 days"},
        "modal.offset.3d": {"nb": "3 dager", "en": "3 days"},
        "modal.offset.1d": {"nb": "1 dag", "en": "1 day"},
        "modal.offset.2h": {"nb": "2 timer", "en": "2 hours"},
        "modal.offset.1h": {"nb": "1 time", "en": "1 hour"},
        "modal.error.title": {"nb": "Skriv en tittel.", "en": "Please enter a title."},
        "modal.error.title_quote": {
            "nb": 'Tittelen kan ikke inneholde anførselstegn (").',
            "en": 'The title cannot contain double quotes (").',
        },
        "modal.error.date": {"nb": "Velg en dato.", "en": "Please pick a date."},
        "modal.error.time": {"nb": "Velg et klokkeslett.", "en": "Please pick a time."},
        "modal.error.channel": {"nb": "Velg en kanal.", "en": "Please pick a channel."},
        "home.title": {
            "nb": "lupbot – innovative anskaffelser",
            "en": "lupbot – innovative procurement",
        },
        "home.intro": {
            "nb": "Still spørsmål i en DM til meg, nevn meg i en kanal, eller bruk `/lup hjelp`.",
            "en": "Ask me in a DM, mention me in a channel, or use `/lup help`.",
        },
        "home.checklists": {"nb": "Dine aktive sjekklister", "en": "Your active checklists"},
        "home.no_checklists": {
            "nb": "Ingen aktive sjekklister. Start en med `sjekkliste <navn>` – `sjekklister` viser alle.",
            "en": "No active checklists. Start one with `checklist <name>` – `checklists` lists them all.",
        },
        "home.reminders": {"nb": "Dine kommende påminnelser", "en": "Your upcoming reminders"},
        "home.no_reminders": {
            "nb": 'Ingen påminnelser. Skriv f.eks. `påminn meg "Send innspill" i morgen kl 9`.',
            "en": 'No reminders. Try `remind me "Send feedback" tomorrow at 9am`.',
        },
        "home.gatherings": {
            "nb": "Neste samlinger og frister",
            "en": "Next gatherings and deadlines",
        },
        "home.no_gatherings": {
            "nb": "Ingen kommende samlinger eller frister i kanalene dine.",
            "en": "No upcoming gatherings or deadlines in your channels.",
        },
        "home.checklist_line": {
            "nb": "{title} – steg {step} av {total}",
            "en": "{title} – step {step} of {total}",
        },
        "home.kind.gathering": {"nb": "samling", "en": "gathering"},
        "home.kind.deadline": {"nb": "frist", "en": "deadline"},
        "home.kind.reminder": {"nb": "påminnelse", "en": "reminder"},
        "home.new_gathering": {"nb": "Ny samling eller frist", "en": "New gathering or deadline"},
        "home.unavailable": {
            "nb": "Denne delen er ikke tilgjengelig akkurat nå.",
            "en": "This part is not available right now.",
        },
        "escalation.answered_button": {"nb": "✅ Besvart", "en": "✅ Answered"},
        "escalation.answered_by": {"nb": "✅ Besvart av {user}", "en": "✅ Answered by {user}"},
        "escalation.link": {"nb": "Se meldingen", "en": "See the message"},
        "command.fallback_private": {
            "nb": "(Jeg kan ikke poste i denne samtalen, så svaret vises bare for deg.)",
            "en": "(I can't post in this conversation, so only you can see the answer.)",
        },
    }
)
