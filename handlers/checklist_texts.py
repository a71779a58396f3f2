"""User-facing texts of the checklist capability, in bokmål and English."""

from __future__ import annotations

from handlers.i18n import Catalog

ct = Catalog(
    {
        # --- commands (help is generated from these)
        "cmd.list": {
            "nb": "vis sjekklistene (planleggingsverktøyene steg for steg)",
            "en": "list the checklists (the planning tools step by step)",
        },
        "cmd.start": {
            "nb": "start en sjekkliste i denne tråden; alle i tråden kan krysse av",
            "en": "start a checklist in this thread; anyone in the thread can tick steps off",
        },
        "cmd.start.usage": {"nb": "sjekkliste <navn>", "en": "checklist <name>"},
        "cmd.done": {"nb": "steget er gjort – gå videre", "en": "the step is done – move on"},
        "cmd.skip": {"nb": "hopp over steget", "en": "skip the step"},
        "cmd.back": {"nb": "gå tilbake til forrige steg", "en": "go back to the previous step"},
        "cmd.explain": {
            "nb": "forklar steget (fra artikkelen som hører til)",
            "en": "explain the step (from its article)",
        },
        "cmd.status": {
            "nb": "hvor står sjekklisten? `status markdown` gir et sammendrag til saksarkivet",
            "en": "where does the checklist stand? `status markdown` gives a summary for the case file",
        },
        "cmd.status.usage": {"nb": "status [markdown]", "en": "status [markdown]"},
        "cmd.export": {
            "nb": "sjekklisten som Markdown til saksarkivet",
            "en": "the checklist as Markdown for the case file",
        },
        "cmd.stop": {"nb": "avbryt sjekklisten", "en": "stop the checklist"},
        # --- buttons
        "button.start": {"nb": "Start «{title}»", "en": "Start “{title}”"},
        "button.done": {"nb": "✅ Ferdig", "en": "✅ Done"},
        "button.skip": {"nb": "⏭ Hopp over", "en": "⏭ Skip"},
        "button.back": {"nb": "↩ Tilbake", "en": "↩ Back"},
        "button.explain": {"nb": "💡 Forklar", "en": "💡 Explain"},
        "button.stop": {"nb": "⏹ Avbryt", "en": "⏹ Stop"},
        "button.read_more": {"nb": "Les mer om «{title}»", "en": "Read more on “{title}”"},
        # --- the list
        "list.header": {
            "nb": "*Sjekklister* – planleggingsverktøyene steg for steg. Start en med `sjekkliste <navn>`, "
            "så tar vi ett steg om gangen i en tråd:",
            "en": "*Checklists* – the planning tools step by step. Start one with `checklist <name>` "
            "and we take one step at a time in a thread:",
        },
        "list.item": {
            "nb": "• *{title}* (`{slug}`, {count} steg) – {intro}",
            "en": "• *{title}* (`{slug}`, {count} steps) – {intro}",
        },
        "list.empty": {
            "nb": "Det finnes ingen sjekklister i kunnskapsbasen ennå.",
            "en": "There are no checklists in the knowledge base yet.",
        },
        "list.yours": {"nb": "Pågående for deg: {runs}.", "en": "In progress for you: {runs}."},
        "run.ref": {
            "nb": "*{title}* (steg {step} av {total})",
            "en": "*{title}* (step {step} of {total})",
        },
        # --- starting
        "start.intro": {
            "nb": "📋 *{title}* – {count} steg.\n{intro}\n\nAlle i tråden kan krysse av. Bruk knappene, eller skriv "
            "`ferdig`, `hopp over`, `tilbake`, `forklar`, `status` eller `avbryt`.",
            "en": "📋 *{title}* – {count} steps.\n{intro}\n\nAnyone in this thread can tick steps off. Use the "
            "buttons, or type `done`, `skip`, `back`, `explain`, `status` or `stop`.",
        },
        "start.unknown": {
            "nb": "Jeg finner ingen sjekkliste som heter «{name}».",
            "en": "I can't find a checklist called “{name}”.",
        },
        "start.nearest": {"nb": "Mente du en av disse?", "en": "Did you mean one of these?"},
        "start.ambiguous": {
            "nb": "«{name}» passer på flere sjekklister – hvilken mener du?",
            "en": "“{name}” fits several checklists – which one do you mean?",
        },
        "start.these": {"nb": "Disse sjekklistene finnes:", "en": "These are the checklists:"},
        "start.all": {
            "nb": "Skriv `sjekklister` for å se alle.",
            "en": "Type `checklists` to see them all.",
        },
        "start.same_active": {
            "nb": "*{title}* pågår allerede i denne tråden – her er du:",
            "en": "*{title}* is already running in this thread – here is where you are:",
        },
        "start.other_active": {
            "nb": "Det pågår allerede en sjekkliste i denne tråden: {run}. Én sjekkliste per tråd – gjør den "
            "ferdig eller skriv `avbryt` først, eller start *{title}* i en ny tråd.",
            "en": "A checklist is already running in this thread: {run}. One checklist per thread – finish it "
            "or type `stop` first, or start *{title}* in a new thread.",
        },
        # --- steps
        "step.progress": {"nb": "Steg {n} av {total}", "en": "Step {n} of {total}"},
        "record.done": {
            "nb": "✅ {progress}: {text} – ferdig ({user}, {time})",
            "en": "✅ {progress}: {text} – done ({user}, {time})",
        },
        "record.skipped": {
            "nb": "⏭ {progress}: {text} – hoppet over ({user}, {time})",
            "en": "⏭ {progress}: {text} – skipped ({user}, {time})",
        },
        "record.back": {
            "nb": "↩ {progress}: {text} – {user} gikk tilbake til forrige steg",
            "en": "↩ {progress}: {text} – {user} went back to the previous step",
        },
        "record.stopped": {
            "nb": "⏹ {progress}: {text} – {user} avbrøt sjekklisten",
            "en": "⏹ {progress}: {text} – {user} stopped the checklist",
        },
        "mark.done": {"nb": "ferdig ({user}, {time})", "en": "done ({user}, {time})"},
        "mark.skipped": {"nb": "hoppet over ({user}, {time})", "en": "skipped ({user}, {time})"},
        "mark.open": {"nb": "ikke gjort", "en": "not done"},
        # --- refusals and bad input
        "err.no_run": {
            "nb": "Det pågår ingen sjekkliste her. Start en med `sjekkliste <navn>`, eller skriv `sjekklister` "
            "for å se dem.",
            "en": "There is no checklist running here. Start one with `checklist <name>`, or type `checklists` "
            "to see them.",
        },
        "err.elsewhere": {
            "nb": "Du har en sjekkliste i gang i en annen tråd: {runs}. Fortsett der.",
            "en": "You have a checklist going in another thread: {runs}. Carry on there.",
        },
        "err.finished": {
            "nb": "*{title}* er allerede fullført ({time}) – det er ingen steg igjen. Skriv `status` for "
            "sammendraget, `eksport` for Markdown, eller start en ny med `sjekkliste <navn>`.",
            "en": "*{title}* is already finished ({time}) – there are no steps left. Type `status` for the "
            "summary, `export` for Markdown, or start a new one with `checklist <name>`.",
        },
        "err.stopped": {
            "nb": "*{title}* ble avbrutt av {user} ({time}). Start den på nytt med `sjekkliste {slug}`.",
            "en": "*{title}* was stopped by {user} ({time}). Start it again with `checklist {slug}`.",
        },
        "err.first_step": {
            "nb": "Dette er første steg – det er ingenting å gå tilbake til.",
            "en": "This is the first step – there is nothing to go back to.",
        },
        "err.stale_behind": {
            "nb": "Den knappen hører til steg {n}, som allerede er {what}. Sjekklisten står nå på {progress}.",
            "en": "That button belongs to step {n}, which is already {what}. The checklist is now at {progress}.",
        },
        "err.stale_ahead": {
            "nb": "Den knappen hører til steg {n}, men sjekklisten er flyttet tilbake og står nå på {progress}.",
            "en": "That button belongs to step {n}, but the checklist has gone back and is now at {progress}.",
        },
        "err.stale_typed": {
            "nb": "Noen kom deg i forkjøpet: steg {n} er allerede {what}. Sjekklisten står nå på {progress}.",
            "en": "Someone got there first: step {n} is already {what}. The checklist is now at {progress}.",
        },
        "err.stale_typed_moved": {
            "nb": "Noen flyttet sjekklisten samtidig, så jeg gjorde ingenting. Den står nå på {progress}.",
            "en": "Someone moved the checklist at the same time, so I changed nothing. It is now at {progress}.",
        },
        "err.bad_button": {
            "nb": "Den knappen kjenner jeg ikke igjen. Skriv `status` for å se hvor sjekklisten står.",
            "en": "I don't recognise that button. Type `status` to see where the checklist stands.",
        },
        "err.unknown_run": {
            "nb": "Jeg finner ikke den sjekklisten lenger. Skriv `sjekklister` for å starte en ny.",
            "en": "I can't find that checklist any more. Type `checklists` to start a new one.",
        },
        "err.busy": {
            "nb": "Mange trykket samtidig – skriv `status` for å se hvor sjekklisten står nå.",
            "en": "Many people pressed at once – type `status` to see where the checklist stands now.",
        },
        # --- explain
        "explain.header": {"nb": "💡 *Steg {n}: {text}*", "en": "💡 *Step {n}: {text}*"},
        "explain.article": {"nb": "Fra artikkelen *{title}*:", "en": "From the article *{title}*:"},
        "explain.no_article": {
            "nb": "Artikkelen som forklarte dette steget finnes ikke lenger i kunnskapsbasen.",
            "en": "The article that explained this step is no longer in the knowledge base.",
        },
        # --- status, summary, export
        "status.active": {"nb": "pågår – {progress}", "en": "in progress – {progress}"},
        "status.finished": {"nb": "fullført {time}", "en": "completed {time}"},
        "status.stopped": {"nb": "avbrutt av {user} {time}", "en": "stopped by {user} {time}"},
        "status.counts": {
            "nb": "{done} ferdig, {skipped} hoppet over, {left} igjen.",
            "en": "{done} done, {skipped} skipped, {left} to go.",
        },
        "status.started": {"nb": "Startet av {user} {time}.", "en": "Started by {user} {time}."},
        "status.export_hint": {
            "nb": "Skriv `status markdown` (eller `eksport`) for et sammendrag i Markdown til saksarkivet.",
            "en": "Type `status markdown` (or `export`) for a Markdown summary for the case file.",
        },
        "summary.finished": {"nb": "🎉 *{title}* er fullført!", "en": "🎉 *{title}* is complete!"},
        "summary.stopped": {"nb": "⏹ *{title}* er avbrutt.", "en": "⏹ *{title}* has been stopped."},
        "summary.counts": {
            "nb": "{done} av {total} steg ferdig, {skipped} hoppet over.",
            "en": "{done} of {total} steps done, {skipped} skipped.",
        },
        "summary.who": {
            "nb": "Startet av {starter} {started}, {ended_word} av {ender} {ended}.",
            "en": "Started by {starter} {started}, {ended_word} by {ender} {ended}.",
        },
        "summary.word.finished": {"nb": "fullført", "en": "completed"},
        "summary.word.stopped": {"nb": "avbrutt", "en": "stopped"},
        "summary.people": {"nb": "Krysset av: {people}.", "en": "Ticked off by: {people}."},
        "summary.skipped": {
            "nb": "Hoppet over – verdt å komme tilbake til: {steps}.",
            "en": "Skipped – worth coming back to: {steps}.",
        },
        "summary.next": {
            "nb": "Neste naturlige sjekkliste er *{title}* – trykk på knappen eller skriv `sjekkliste {slug}`.",
            "en": "The natural next checklist is *{title}* – press the button or type `checklist {slug}`.",
        },
        "summary.restart": {
            "nb": "Start den på nytt med `sjekkliste {slug}`.",
            "en": "Start it again with `checklist {slug}`.",
        },
        "export.intro": {
            "nb": "Sammendrag i Markdown til saksarkivet (også vedlagt som fil):",
            "en": "Markdown summary for the case file (also attached as a file):",
        },
        "export.title": {"nb": "Sjekkliste: {title}", "en": "Checklist: {title}"},
        "export.status": {"nb": "Status", "en": "Status"},
        "export.started": {"nb": "Startet", "en": "Started"},
        "export.ended.finished": {"nb": "Fullført", "en": "Completed"},
        "export.ended.stopped": {"nb": "Avbrutt", "en": "Stopped"},
        "export.progress": {"nb": "Fremdrift", "en": "Progress"},
        "export.by": {"nb": "{time} av {user}", "en": "{time} by {user}"},
        "export.steps": {"nb": "Steg", "en": "Steps"},
        "export.current": {"nb": "her står vi", "en": "current step"},
        "export.log": {"nb": "Logg", "en": "Log"},
        "export.generated": {"nb": "Laget av lupbot {time}.", "en": "Generated by lupbot {time}."},
        "state.active": {"nb": "pågår", "en": "in progress"},
        "state.finished": {"nb": "fullført", "en": "completed"},
        "state.stopped": {"nb": "avbrutt", "en": "stopped"},
        "log.start": {"nb": "startet sjekklisten", "en": "started the checklist"},
        "log.done": {"nb": "steg {n} ferdig", "en": "step {n} done"},
        "log.skip": {"nb": "hoppet over steg {n}", "en": "skipped step {n}"},
        "log.back": {"nb": "gikk tilbake til steg {n}", "en": "went back to step {n}"},
        "log.stop": {
            "nb": "avbrøt sjekklisten på steg {n}",
            "en": "stopped the checklist at step {n}",
        },
        "log.finish": {"nb": "sjekklisten fullført", "en": "checklist completed"},
    }
)
