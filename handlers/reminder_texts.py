"""User-facing texts of gatherings, deadlines and reminders, in bokmål and English."""

from __future__ import annotations

from handlers.i18n import Catalog

rt = Catalog(
    {
        # --- commands (help is generated from these)
        "cmd.remind": {
            "nb": "påminnelse til deg selv (som direktemelding) eller til en kanal; også «hver mandag kl 9»",
            "en": "a reminder for yourself (as a direct message) or a channel; also “every Monday at 9am”",
        },
        "cmd.remind.usage": {"nb": 'påminn [meg|#kanal] "<tekst>" <når>', "en": 'remind [me|#channel] "<text>" <when>'},
        "cmd.gathering": {
            "nb": "en nettverkssamling i denne kanalen, med påminnelser 7 dager, 1 dag og 1 time før (--påminn 2d,2h endrer)",
            "en": "a network gathering in this channel, reminded 7 days, 1 day and 1 hour before (--remind 2d,2h changes it)",
        },
        "cmd.gathering.usage": {"nb": 'samling "<tittel>" <når> [--påminn 7d,1d]', "en": 'gathering "<title>" <when> [--remind 7d,1d]'},
        "cmd.deadline": {
            "nb": "en frist i markedsdialogen, med påminnelser 3 dager og 1 dag før",
            "en": "a market-dialogue deadline, reminded 3 days and 1 day before",
        },
        "cmd.deadline.usage": {"nb": 'frist "<tittel>" <når> [--påminn 3d,1d]', "en": 'deadline "<title>" <when> [--remind 3d,1d]'},
        "cmd.gatherings": {"nb": "kommende samlinger, med id", "en": "upcoming gatherings, with ids"},
        "cmd.deadlines": {"nb": "kommende frister, med id", "en": "upcoming deadlines, with ids"},
        "cmd.reminders": {
            "nb": "dine og kanalens påminnelser, også de som feilet",
            "en": "your and the channel's reminders, including failed ones",
        },
        "cmd.cancel": {"nb": "slett en samling, frist eller påminnelse (eier eller fasilitator)",
                       "en": "cancel a gathering, deadline or reminder (owner or facilitator)"},
        "cmd.cancel.usage": {"nb": "slett <id>", "en": "cancel <id>"},
        "cmd.calendar": {"nb": "last ned en samling eller frist som kalenderfil (.ics)",
                         "en": "download a gathering or deadline as a calendar file (.ics)"},
        "cmd.calendar.usage": {"nb": "kalender <id>", "en": "calendar <id>"},
        # --- kinds
        "kind.gathering": {"nb": "Samling", "en": "Gathering"},
        "kind.deadline": {"nb": "Frist", "en": "Deadline"},
        "kind.reminder": {"nb": "Påminnelse", "en": "Reminder"},
        # --- usage and input errors
        "usage.remind": {
            "nb": 'Skriv for eksempel: `påminn meg "Send innspill til behovsbeskrivelsen" fredag 13:30` eller `påminn #kanal "Ukesmøte" hver mandag kl 09:00`.',
            "en": 'For example: `remind me "Send input on the needs description" friday 1:30pm` or `remind #channel "Weekly meeting" every Monday at 9am`.',
        },
        "usage.gathering": {
            "nb": 'Skriv for eksempel: `samling "Nettverkssamling 3 – behovskartlegging" 10. desember kl 09:00` (valgfritt `--påminn 7d,1d,2h`).',
            "en": 'For example: `gathering "Network gathering 3 – needs assessment" Dec 10 9am` (optionally `--remind 7d,1d,2h`).',
        },
        "usage.deadline": {
            "nb": 'Skriv for eksempel: `frist "Påmelding til dialogkonferansen" 1. desember kl 12` (valgfritt `--påminn 3d,1d`).',
            "en": 'For example: `deadline "Registration for the dialogue conference" Dec 1 12pm` (optionally `--remind 3d,1d`).',
        },
        "usage.cancel": {"nb": "Skriv `slett <id>` – id-en står i `påminnelser`, `samlinger` og `frister`.",
                         "en": "Type `cancel <id>` – the id is shown by `reminders`, `gatherings` and `deadlines`."},
        "usage.calendar": {"nb": "Skriv `kalender <id>` – id-en står i `samlinger` og `frister`.",
                           "en": "Type `calendar <id>` – the id is shown by `gatherings` and `deadlines`."},
        "error.no_title": {
            "nb": "Jeg fant ikke hva det gjelder – skriv teksten i anførselstegn.",
            "en": "I couldn't find what it is about – put the text in quotes.",
        },
        "error.unclosed_quote": {
            "nb": "Teksten mangler et avsluttende anførselstegn.",
            "en": "The text is missing its closing quote.",
        },
        "error.no_time_at_end": {
            "nb": "Jeg fant ikke når det skal skje. Skriv tidspunktet til slutt, og sett tittelen i anførselstegn.",
            "en": "I couldn't find when it should happen. Put the time last, and the title in quotes.",
        },
        "error.no_time": {
            "nb": "Jeg fant ikke når det skal skje.",
            "en": "I found no time for it.",
        },
        "error.title_too_long": {
            "nb": "Teksten er {length} tegn lang; {limit} er nok.",
            "en": "The text is {length} characters long; {limit} is enough.",
        },
        "error.bad_offsets": {
            "nb": "Jeg forsto ikke påminnelsene «{text}». Skriv for eksempel `--påminn 7d,1d,2h` (d = dager, t/h = timer, m = minutter, u/w = uker).",
            "en": "I did not understand the reminders “{text}”. Write for example `--remind 7d,1d,2h` (d = days, h = hours, m = minutes, w = weeks).",
        },
        "error.bad_id": {"nb": "«{text}» er ikke en id. {usage}", "en": "“{text}” is not an id. {usage}"},
        "error.not_found": {
            "nb": "Jeg finner ingen aktiv samling, frist eller påminnelse med id {id}. Se `påminnelser`.",
            "en": "I find no active gathering, deadline or reminder with id {id}. See `reminders`.",
        },
        # --- permissions
        "denied.channel": {
            "nb": "Beklager – bare fasilitatorer kan legge inn samlinger, frister og påminnelser for en hel kanal. Du kan lage en påminnelse til deg selv med `påminn meg \"…\" <når>`.",
            "en": "Sorry – only facilitators can post gatherings, deadlines and reminders for a whole channel. You can set one for yourself with `remind me \"…\" <when>`.",
        },
        "denied.cancel": {
            "nb": "Beklager – bare den som la inn «{title}» eller en fasilitator kan slette den.",
            "en": "Sorry – only the person who added “{title}” or a facilitator can cancel it.",
        },
        # --- confirmations
        "confirm.gathering": {"nb": "✅ Samling lagret (id {id}): *{title}*", "en": "✅ Gathering saved (id {id}): *{title}*"},
        "confirm.deadline": {"nb": "✅ Frist lagret (id {id}): *{title}*", "en": "✅ Deadline saved (id {id}): *{title}*"},
        "confirm.reminder": {"nb": "✅ Påminnelse lagret (id {id}): {title}", "en": "✅ Reminder saved (id {id}): {title}"},
        "confirm.when": {"nb": "Tid: {words} ({iso})", "en": "Time: {words} ({iso})"},
        "confirm.default_time": {
            "nb": "(Du oppga ikke klokkeslett, så jeg brukte 09:00.)",
            "en": "(You gave no time of day, so I used 09:00.)",
        },
        "confirm.repeats": {"nb": "Gjentas: {rule}", "en": "Repeats: {rule}"},
        "confirm.where_dm": {"nb": "Jeg sender den til deg som direktemelding:", "en": "I will send it to you as a direct message:"},
        "confirm.where_channel": {"nb": "Jeg poster påminnelser i {channel}:", "en": "I will post reminders in {channel}:"},
        "confirm.none": {
            "nb": "Ingen påminnelser blir sendt – alle tidspunktene er passert. Slett og legg inn på nytt med for eksempel `--påminn 15m`.",
            "en": "No reminders will be sent – every reminder time has passed. Cancel and add it again with for example `--remind 15m`.",
        },
        "confirm.reminder_line": {"nb": "• {words} ({before})", "en": "• {words} ({before})"},
        "confirm.at_start": {"nb": "når det skjer", "en": "when it happens"},
        "confirm.before": {"nb": "{duration} før", "en": "{duration} before"},
        "confirm.skipped": {
            "nb": "Hoppet over fordi tidspunktet allerede er passert: {offsets}.",
            "en": "Skipped because that time has already passed: {offsets}.",
        },
        "confirm.next_occurrences": {
            "nb": "Neste gang legges inn når denne er sendt.",
            "en": "The next one is scheduled once this one has been sent.",
        },
        "confirm.cancel_hint": {"nb": "Angre med `slett {id}`.", "en": "Undo with `cancel {id}`."},
        "confirm.calendar_hint": {"nb": "Kalenderfil: `kalender {id}`.", "en": "Calendar file: `calendar {id}`."},
        "button.cancel": {"nb": "Slett", "en": "Cancel"},
        "button.join": {"nb": "🔔 Påminn meg også", "en": "🔔 Remind me too"},
        "cancelled": {"nb": "🗑️ Slettet (id {id}): {title}. Ingen flere påminnelser sendes.",
                      "en": "🗑️ Cancelled (id {id}): {title}. No more reminders will be sent."},
        "joined": {
            "nb": "🔔 Greit – du får {count} påminnelse(r) om «{title}» som direktemelding.",
            "en": "🔔 Done – you will get {count} reminder(s) about “{title}” as a direct message.",
        },
        "joined.already": {
            "nb": "Du får allerede påminnelser om «{title}» som direktemelding.",
            "en": "You already get reminders about “{title}” as a direct message.",
        },
        "joined.nothing_left": {
            "nb": "«{title}» har ingen flere påminnelser å sende.",
            "en": "“{title}” has no more reminders to send.",
        },
        # --- lists
        "list.gathering.empty": {"nb": "Ingen kommende samlinger her.", "en": "No upcoming gatherings here."},
        "list.deadline.empty": {"nb": "Ingen kommende frister her.", "en": "No upcoming deadlines here."},
        "list.reminder.empty": {"nb": "Ingen kommende påminnelser.", "en": "No upcoming reminders."},
        "list.gathering.title": {"nb": "*Kommende samlinger*", "en": "*Upcoming gatherings*"},
        "list.deadline.title": {"nb": "*Kommende frister*", "en": "*Upcoming deadlines*"},
        "list.reminder.title": {"nb": "*Påminnelser*", "en": "*Reminders*"},
        "list.item": {"nb": "• id {id} · {kind}: *{title}* – {words}", "en": "• id {id} · {kind}: *{title}* – {words}"},
        "list.next": {"nb": "   neste påminnelse: {words}{where}", "en": "   next reminder: {words}{where}"},
        "list.where_dm": {"nb": " (direktemelding)", "en": " (direct message)"},
        "list.where_channel": {"nb": " (i {channel})", "en": " (in {channel})"},
        "list.failed": {
            "nb": "   ⚠️ kunne ikke sendes {words} etter {attempts} forsøk: {error}",
            "en": "   ⚠️ could not be sent {words} after {attempts} attempts: {error}",
        },
        "list.retrying": {
            "nb": "   ↻ nytt forsøk {words} (forsøk {attempts}): {error}",
            "en": "   ↻ retrying {words} (attempt {attempts}): {error}",
        },
        "list.more": {"nb": "… og {count} til.", "en": "… and {count} more."},
        # --- the reminders themselves
        "send.gathering": {
            "nb": "📅 Påminnelse: samlingen *{title}* er om {duration} – {words}.",
            "en": "📅 Reminder: the gathering *{title}* is in {duration} – {words}.",
        },
        "send.gathering.now": {
            "nb": "📅 Samlingen *{title}* begynner nå ({words}).",
            "en": "📅 The gathering *{title}* starts now ({words}).",
        },
        "send.deadline": {
            "nb": "⏰ Påminnelse: fristen *{title}* går ut om {duration} – {words}.",
            "en": "⏰ Reminder: the deadline *{title}* is in {duration} – {words}.",
        },
        "send.deadline.now": {
            "nb": "⏰ Fristen *{title}* går ut nå ({words}).",
            "en": "⏰ The deadline *{title}* is now ({words}).",
        },
        "send.reminder": {"nb": "🔔 Påminnelse: {title}", "en": "🔔 Reminder: {title}"},
        "send.reminder.before": {
            "nb": "🔔 Påminnelse om {duration}: {title} – {words}",
            "en": "🔔 Reminder, in {duration}: {title} – {words}",
        },
        "send.late": {
            "nb": "_(Sendt {late} for sent – den skulle ut {due}, men jeg var ikke tilgjengelig da.)_",
            "en": "_(Sent {late} late – it was due {due}, but I was unavailable then.)_",
        },
        "ics.description": {"nb": "Lagt inn med lupbot (id {id}).", "en": "Added with lupbot (id {id})."},
        "ics.attached": {"nb": "📎 Kalenderfil for *{title}*.", "en": "📎 Calendar file for *{title}*."},
    }
)
