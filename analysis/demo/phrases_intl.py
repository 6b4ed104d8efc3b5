"""Non-English phrase banks (German, French, Spanish, Dutch, Portuguese) for inbound openers.

Smaller than the English banks but with the same slots, so that a share of real inboxes that
arrives in other languages is represented. `{n}` is a first name, `{co}` the sender's company.
"""

from __future__ import annotations

INTL = {
    "de": {
        "greet": ["Hallo {n},", "Hi {n},", "Guten Tag {n},", "Liebe/r {n},", "Moin {n}!",
                  "Servus {n},"],
        "sales_pitch": {
            "open": ["Danke für die Vernetzung!", "Ich hoffe, Ihre Woche läuft gut.",
                     "Ich bin auf Ihr Profil gestoßen."],
            "body": [
                "Wir bei {co} helfen Datenteams, ihre Cloud-Kosten um bis zu 35 % zu senken.",
                "Wir haben gerade einen erfahrenen Data Engineer frei, der ab nächstem Monat "
                "verfügbar ist.",
                "Unsere Agentur generiert planbar qualifizierte Termine für B2B-Beratungen.",
                "Ich würde Ihnen gern in 10 Minuten zeigen, wie unsere Plattform funktioniert.",
            ],
            "ask": ["Hätten Sie nächste Woche 15 Minuten Zeit?", "Wäre ein kurzes Gespräch "
                    "interessant?", "Darf ich Ihnen ein paar Unterlagen schicken?"],
            "close": ["Viele Grüße", "Beste Grüße", "LG", ""],
        },
        "recruiting": {
            "open": ["Ich hoffe, es geht dir gut!", "Dein Profil hat mich sehr angesprochen."],
            "body": ["Für {co} suche ich aktuell eine Lead Data Engineer (m/w/d) in Berlin, "
                     "hybrid.",
                     "Wir bauen unser Datenteam bei {co} aus und ich glaube, du würdest super "
                     "passen."],
            "ask": ["Hättest du Lust auf ein kurzes, unverbindliches Telefonat?",
                    "Wärst du offen für einen Austausch?"],
            "close": ["Liebe Grüße", "Viele Grüße", ""],
        },
        "request": {
            "open": ["Entschuldige die direkte Nachricht.", "Ich lese seit Langem deine "
                     "Beiträge."],
            "body": ["Ich entwickle gerade ein kleines Tool für Metrik-Definitionen und würde "
                     "mich über 20 Minuten ehrliches Feedback freuen, ich will nichts "
                     "verkaufen.",
                     "Könntest du mir einen Tipp geben, wie ich als Quereinsteiger in Data "
                     "Engineering starte?"],
            "ask": ["Wäre das okay für dich?", "Kein Problem, falls nicht!"],
            "close": ["Danke dir!", "Viele Grüße", ""],
        },
        "social": {
            "open": ["Herzlichen Glückwunsch zum neuen Job! 🎉", "Lange nichts gehört!"],
            "body": ["Lass uns bald mal telefonieren, ich will alles hören.",
                     "Glückwunsch auch zum Abschluss mit dem neuen Kunden, großartig!",
                     "Danke nochmal für das Treffen gestern."],
            "ask": ["Bis bald!", ""],
            "close": ["LG", "Cheers", ""],
        },
        "cont": ["Danke dir!", "Passt, bis dann.", "Super, ich melde mich.", "Klingt gut!",
                 "Donnerstag passt mir."],
    },
    "fr": {
        "greet": ["Bonjour {n},", "Salut {n} !", "Bonsoir {n},", "Cher {n},"],
        "sales_pitch": {
            "open": ["Merci pour la connexion !", "J'espère que vous allez bien.",
                     "Je me permets de vous contacter directement."],
            "body": [
                "Chez {co}, nous aidons les équipes data à réduire leurs coûts cloud de 30 %.",
                "Nous accompagnons les cabinets de conseil pour générer des rendez-vous "
                "qualifiés chaque mois.",
                "Nous avons une développeuse data senior disponible dès le mois prochain.",
            ],
            "ask": ["Seriez-vous disponible pour un échange de 15 minutes ?",
                    "Puis-je vous envoyer une courte présentation ?"],
            "close": ["Bien cordialement", "Belle journée", "Cordialement", ""],
        },
        "recruiting": {
            "open": ["J'espère que tout va bien pour vous !"],
            "body": ["Je recrute un(e) Head of Data pour {co}, basé à Paris ou en remote.",
                     "Votre parcours correspond très bien à un poste de lead data engineer "
                     "chez un de mes clients."],
            "ask": ["Seriez-vous ouvert à en discuter ?", "Auriez-vous un moment cette "
                    "semaine ?"],
            "close": ["Bonne journée", "À bientôt", ""],
        },
        "request": {
            "open": ["Désolé pour ce message un peu direct."],
            "body": ["Je prépare un mémoire sur la qualité des données et j'aimerais beaucoup "
                     "avoir votre avis.",
                     "Nous lançons un petit produit open source, accepteriez-vous de relire "
                     "la documentation ?"],
            "ask": ["Aucun souci si ce n'est pas possible.", "Merci d'avance !"],
            "close": ["Merci beaucoup", ""],
        },
        "social": {
            "open": ["Félicitations pour le nouveau poste !", "Ça fait longtemps !"],
            "body": ["On s'appelle la semaine prochaine ?",
                     "Bravo pour le contrat signé, c'est mérité !",
                     "Merci encore pour le déjeuner."],
            "ask": ["À bientôt !", ""],
            "close": ["Bises", "A+", ""],
        },
        "cont": ["Merci !", "Parfait, à jeudi.", "Avec plaisir.", "Super, merci beaucoup.",
                 "Je regarde et je reviens vers vous."],
    },
    "es": {
        "greet": ["Hola {n},", "Buenos días {n},", "¡Hola {n}!", "Estimado {n},"],
        "sales_pitch": {
            "open": ["¡Gracias por conectar!", "Espero que estés muy bien."],
            "body": [
                "En {co} ayudamos a equipos de datos a reducir sus costes de nube hasta un "
                "40 %.",
                "Tenemos un equipo de ingenieros en Madrid que puede sumarse a tu proyecto en "
                "dos semanas.",
                "Generamos reuniones cualificadas para consultoras B2B cada mes.",
            ],
            "ask": ["¿Tendrías 15 minutos la próxima semana?", "¿Te puedo enviar una breve "
                    "presentación?"],
            "close": ["Un saludo", "Saludos cordiales", ""],
        },
        "recruiting": {
            "open": ["¡Espero que estés bien!"],
            "body": ["Estoy buscando un/a Data Engineering Lead para {co}, remoto desde "
                     "España.",
                     "Tu experiencia encaja muy bien con una posición senior en un cliente "
                     "fintech."],
            "ask": ["¿Te apetece que lo hablemos?", "¿Estarías abierto a una llamada corta?"],
            "close": ["Un abrazo", "Saludos", ""],
        },
        "request": {
            "open": ["Perdona el mensaje directo."],
            "body": ["Estoy creando una herramienta para equipos de analítica y me encantaría "
                     "tu opinión sincera, no vendo nada.",
                     "¿Me podrías recomendar algún curso para empezar con Spark?"],
            "ask": ["¡Muchas gracias de antemano!", "Sin problema si no puedes."],
            "close": ["Gracias", ""],
        },
        "social": {
            "open": ["¡Enhorabuena por el nuevo trabajo!", "¡Cuánto tiempo!"],
            "body": ["A ver si hacemos una llamada pronto y nos ponemos al día.",
                     "¡Felicidades por cerrar el acuerdo con el cliente nuevo!"],
            "ask": ["¡Hablamos!", ""],
            "close": ["Un abrazo", ""],
        },
        "cont": ["¡Gracias!", "Perfecto, hablamos el jueves.", "Genial.", "Vale, lo miro."],
    },
    "nl": {
        "greet": ["Hoi {n},", "Hallo {n},", "Beste {n},", "Goedemorgen {n},"],
        "sales_pitch": {
            "open": ["Bedankt voor het connecten!", "Ik hoop dat alles goed met je gaat."],
            "body": [
                "Bij {co} helpen we datateams om hun cloudkosten met een derde te verlagen.",
                "We hebben een ervaren data engineer beschikbaar vanaf volgende maand.",
                "Wij zorgen voor een volle agenda met gekwalificeerde afspraken voor "
                "B2B-bureaus.",
            ],
            "ask": ["Heb je volgende week 15 minuten voor een kort gesprek?",
                    "Zal ik een korte presentatie sturen?"],
            "close": ["Met vriendelijke groet", "Groet", ""],
        },
        "recruiting": {
            "open": ["Ik hoop dat het goed met je gaat!"],
            "body": ["Voor {co} zoek ik een Lead Data Engineer in Amsterdam, hybride.",
                     "Je achtergrond past heel goed bij een rol in ons nieuwe datateam."],
            "ask": ["Sta je open voor een vrijblijvend gesprek?"],
            "close": ["Groetjes", ""],
        },
        "request": {
            "open": ["Sorry voor het onverwachte bericht."],
            "body": ["Ik bouw een klein product voor analyseteams en zou graag 20 minuten je "
                     "feedback horen, ik verkoop niets.",
                     "Zou je me willen voorstellen aan iemand van het datateam bij je vorige "
                     "werkgever?"],
            "ask": ["Geen probleem als het niet uitkomt!"],
            "close": ["Dank je wel", ""],
        },
        "social": {
            "open": ["Gefeliciteerd met je nieuwe baan!", "Lang niet gesproken!"],
            "body": ["Zullen we binnenkort even bellen?",
                     "Mooi dat de deal rond is, proficiat!"],
            "ask": ["Tot snel!", ""],
            "close": ["Groetjes", ""],
        },
        "cont": ["Dank je!", "Prima, tot donderdag.", "Klinkt goed.", "Ik kijk ernaar."],
    },
    "pt": {
        "greet": ["Olá {n},", "Oi {n}!", "Bom dia {n},", "Caro {n},"],
        "sales_pitch": {
            "open": ["Obrigado pela conexão!", "Espero que esteja tudo bem."],
            "body": [
                "Na {co} ajudamos equipes de dados a reduzir custos de nuvem em até 35%.",
                "Temos uma equipe de engenheiros em Lisboa pronta para começar em duas "
                "semanas.",
                "Geramos reuniões qualificadas para consultorias B2B todos os meses.",
            ],
            "ask": ["Teria 15 minutos na próxima semana?", "Posso enviar uma apresentação "
                    "curta?"],
            "close": ["Abraço", "Atenciosamente", ""],
        },
        "recruiting": {
            "open": ["Espero que esteja bem!"],
            "body": ["Estou recrutando um(a) Head of Data para a {co}, remoto na Europa.",
                     "Seu perfil combina muito com uma vaga sênior de engenharia de dados."],
            "ask": ["Podemos conversar rapidamente esta semana?"],
            "close": ["Abraço", ""],
        },
        "request": {
            "open": ["Desculpe a mensagem direta."],
            "body": ["Estou criando um produto para times de analytics e adoraria ouvir sua "
                     "opinião sincera, não estou vendendo nada.",
                     "Você poderia me indicar algum curso para começar com engenharia de "
                     "dados?"],
            "ask": ["Sem problema se não puder!"],
            "close": ["Obrigado!", ""],
        },
        "social": {
            "open": ["Parabéns pelo novo cargo!", "Quanto tempo!"],
            "body": ["Vamos marcar uma call para colocar o papo em dia?",
                     "Parabéns por fechar o negócio com o cliente novo!"],
            "ask": ["Até breve!", ""],
            "close": ["Abraço", ""],
        },
        "cont": ["Obrigado!", "Perfeito, até quinta.", "Combinado.", "Vou dar uma olhada."],
    },
}
