"""User-facing texts of the conversation core, help and the ask handler, in bokmål and English."""

from __future__ import annotations

from handlers.i18n import Catalog

t = Catalog(
    {
        "error.internal": {
            "nb": "Beklager, noe gikk galt hos meg. Ingenting du skrev er tapt – prøv igjen om litt.",
            "en": "Sorry, something went wrong on my side. Nothing you wrote is lost – please try again shortly.",
        },
        "error.unknown_action": {
            "nb": "Den knappen kjenner jeg ikke igjen lenger. Skriv `hjelp` for å se hva jeg kan.",
            "en": "I no longer recognise that button. Type `help` to see what I can do.",
        },
        "error.empty": {
            "nb": "Jeg fikk en tom melding. Still et spørsmål om innovative anskaffelser, eller skriv `hjelp`.",
            "en": "That message was empty. Ask a question about innovative procurement, or type `help`.",
        },
        "error.no_words": {
            "nb": "Jeg ser bare tegn eller emoji her, ingen ord. Still et spørsmål om innovative anskaffelser, eller skriv `hjelp`.",
            "en": "I only see symbols or emoji here, no words. Ask a question about innovative procurement, or type `help`.",
        },
        "error.too_long": {
            "nb": "Meldingen er på {length} tegn – det er mer enn jeg leser ({limit}). Still et kortere spørsmål, så svarer jeg.",
            "en": "That message is {length} characters – more than I read ({limit}). Ask a shorter question and I will answer.",
        },
        "smalltalk.greeting": {
            "nb": "Hei! 👋 Jeg svarer på spørsmål om innovative anskaffelser og LUPs planleggingsverktøy – "
                  "for eksempel «Hva er markedsdialog?» eller «Hvordan forankrer vi i ledelsen?». "
                  "Skriv `hjelp` for å se alt jeg kan.",
            "en": "Hi! 👋 I answer questions about innovative public procurement and LUP's planning tools – "
                  "for example “What is market dialogue?” or “How do we anchor this with leadership?”. "
                  "Type `help` to see everything I can do.",
        },
        "smalltalk.thanks": {
            "nb": "Bare hyggelig! Spør gjerne igjen når du lurer på noe.",
            "en": "You're welcome! Ask again whenever something comes up.",
        },
        "smalltalk.ack": {
            "nb": "👍 Si fra hvis det er noe mer jeg kan hjelpe med.",
            "en": "👍 Let me know if there is anything else I can help with.",
        },
        "smalltalk.confused": {
            "nb": "Beklager, det ble visst uklart. Spør gjerne med andre ord – for eksempel «Hva er en "
                  "dialogkonferanse?» – eller trykk «Les mer» under svaret. `hjelp` viser alt jeg kan.",
            "en": "Sorry, that wasn't clear. Try asking in other words – for example “What is a dialogue "
                  "conference?” – or press “Read more” under the answer. `help` shows everything I can do.",
        },
        "console.greeting": {
            "nb": "Hei! Jeg er *lupbot*, assistenten for innovative anskaffelser. Still et spørsmål, eller skriv `hjelp`. Svar med et tall for å velge. `avslutt` avslutter.",
            "en": "Hi! I am *lupbot*, the assistant for innovative public procurement. Ask a question, or type `help`. Answer with a number to choose. `quit` exits.",
        },
        "console.no_such_choice": {
            "nb": "Det finnes ikke noe valg {number} – velg et tall fra 1 til {last}, eller skriv en melding.",
            "en": "There is no choice {number} – pick a number from 1 to {last}, or type a message.",
        },
        "help.intro": {
            "nb": "Jeg er *lupbot*, assistenten for innovative anskaffelser. Still meg spørsmål på norsk eller engelsk, eller bruk kommandoene:",
            "en": "I am *lupbot*, the assistant for innovative public procurement. Ask me questions in English or Norwegian, or use the commands:",
        },
        "help.examples": {
            "nb": "Eksempler på spørsmål: «Hva er markedsdialog?», «Hvordan skriver vi funksjonskrav?», «Hva er LUP?»",
            "en": "Example questions: “What is market dialogue?”, “How do we write functional requirements?”, “What is LUP?”",
        },
        "help.group.general": {"nb": "Generelt", "en": "General"},
        "help.group.checklists": {"nb": "Sjekklister", "en": "Checklists"},
        "help.group.checklist_run": {"nb": "Inne i en sjekkliste", "en": "Inside a checklist"},
        "help.group.reminders": {"nb": "Samlinger, frister og påminnelser", "en": "Gatherings, deadlines and reminders"},
        "help.summary": {"nb": "vis denne hjelpen", "en": "show this help"},
        "ask.source": {
            "nb": "Kilde: {source} · sist gjennomgått {reviewed}",
            "en": "Source: {source} · last reviewed {reviewed}",
        },
        "button.start_checklist": {
            "nb": "📋 Start sjekklisten",
            "en": "📋 Start the checklist",
        },
        "ask.did_you_mean": {
            "nb": "Mente du `{command}`? Skriv det slik, så gjør jeg det. (`hjelp` viser alle kommandoene.)",
            "en": "Did you mean `{command}`? Type it like that and I'll do it. (`help` lists every command.)",
        },
        "ask.dont_know": {
            "nb": "Det vet jeg dessverre ikke – jeg fant ikke noe sikkert svar på «{question}» i kunnskapsbasen, og jeg vil ikke gjette.",
            "en": "I don't know – I found no reliable answer to “{question}” in the knowledge base, and I won't guess.",
        },
        "ask.nearest": {
            "nb": "Kanskje et av disse temaene hjelper?",
            "en": "Perhaps one of these topics helps?",
        },
        "ask.logged": {
            "nb": "Spørsmålet er notert, så vi kan fylle hullet i kunnskapsbasen.",
            "en": "I have noted the question so we can fill the gap in the knowledge base.",
        },
        "ask.escalated": {
            "nb": "Ubesvart spørsmål fra {user}: «{question}»",
            "en": "Unanswered question from {user}: “{question}”",
        },
        "ask.escalated_link": {"nb": "Se meldingen", "en": "See the message"},
        "ask.helpful_prompt": {"nb": "Var dette nyttig?", "en": "Was this helpful?"},
        "ask.related": {"nb": "Relaterte temaer:", "en": "Related topics:"},
        "ask.no_more": {
            "nb": "Det er ikke mer å lese om «{title}» enn svaret over.",
            "en": "There is nothing more on “{title}” than the answer above.",
        },
        "ask.unknown_article": {
            "nb": "Den artikkelen finnes ikke lenger. Still spørsmålet på nytt, så finner jeg det som passer nå.",
            "en": "That article no longer exists. Ask again and I'll find what fits now.",
        },
        "button.more": {"nb": "Les mer", "en": "Read more"},
        "button.helpful": {"nb": "👍 Ja", "en": "👍 Yes"},
        "button.not_helpful": {"nb": "👎 Nei", "en": "👎 No"},
        "vote.thanks_yes": {
            "nb": "Takk for tilbakemeldingen – fint at svaret hjalp! 👍",
            "en": "Thanks for the feedback – glad the answer helped! 👍",
        },
        "vote.thanks_no": {
            "nb": "Takk for tilbakemeldingen – vi bruker den til å forbedre svaret. Prøv gjerne å formulere spørsmålet på en annen måte.",
            "en": "Thanks for the feedback – we will use it to improve the answer. Feel free to rephrase your question.",
        },
    }
)
