"""English phrase banks for the demo's messages, invitation notes, posts and comments.

Written for the demo only (independently of any classifier corpus) so that a classifier scored on
the demo is not scored on its own training phrases. Deliberately hard cases are in: pitches that
never say "buy", social messages about calls and deals, friendly recruiters, requests that name a
product. Placeholders: `{n}` a first name (greetings only), `{co}` the sender's company.
"""

from __future__ import annotations

GREET = [
    "Hi {n},", "Hi {n},", "Hi {n} -", "Hello {n},", "Hey {n}!", "Hey {n},", "Dear {n},",
    "Good morning {n},", "{n},", "{n} -", "Hi there {n},", "Hiya {n}!", "Hello,", "Hi,",
    "Hi there,", "Morning {n}!", "Hey,", "Greetings {n},", "Hi {n}!!", "hi {n}",
]

SALES_PITCH = {
    "open": [
        "Hope your week is off to a great start.",
        "I came across your profile and was impressed by what you're building.",
        "Thanks for connecting!",
        "Great to be connected here.",
        "I noticed we share a few mutual connections in the data space.",
        "Saw your recent post about data quality, really resonated with me.",
        "I'll keep this short since I know your inbox is busy.",
        "Quick one for you.",
        "I work with a lot of leaders in your space and one theme keeps coming up.",
        "Congrats on the new role, by the way.",
        "I've been following your content for a while now.",
        "Hope all is well on your side.",
        "Apologies for the cold message.",
        "Reaching out because your name came up in a conversation with a peer.",
        "I'm {co}'s partnerships lead for the DACH region.",
    ],
    "body": [
        "At {co} we help analytics teams cut their cloud bill by 30-40% without touching a line "
        "of code.",
        "We've helped 120+ B2B companies book 15-25 qualified meetings a month through "
        "outbound that doesn't feel like outbound.",
        "I run a small team of nearshore engineers (Poland and Portugal) who plug into teams "
        "like yours within two weeks.",
        "We put together a short case study on how a company similar to yours doubled pipeline "
        "in one quarter.",
        "Our platform automates the boring half of data governance, lineage, access reviews, "
        "the lot.",
        "I have a senior data engineer available from next month, 8 years of Spark and dbt, "
        "happy to share the profile.",
        "We place pre-vetted ML engineers on a contract or contract-to-hire basis, usually "
        "within 10 days.",
        "I'd love to explore a partnership between {co} and your team, we have a revenue share "
        "model that works really well for consultancies.",
        "We ghostwrite LinkedIn content for founders and consultants, our clients average 4x "
        "more profile views after 60 days.",
        "{co} just launched an AI assistant that writes your SQL and documents it too.",
        "Most teams we talk to are overpaying for their BI seats, we usually find savings in "
        "the first call.",
        "We're offering a free 30-day pilot to a handful of teams this quarter.",
        "I'd love to show you a 10-minute demo, no slides, just the product.",
        "We recently helped a Series B company migrate off their legacy warehouse in 6 weeks.",
        "Our clients include several Fortune 500s and some fast growing scale-ups like yours.",
        "I think there's a real opportunity to get your brand in front of 40k data leaders "
        "through our newsletter sponsorship.",
        "We have a podcast for data leaders and I'd love to feature you, there's a small "
        "production fee that covers editing and promotion.",
        "We build custom dashboards in Power BI and Looker at a fixed price per dashboard.",
        "Our offshore QA team can take regression testing completely off your plate.",
        "We help consultants like you fill their calendar with discovery calls, done-for-you.",
        "I'm putting together a small group of companies to try our new data catalog at a "
        "founding-customer rate.",
        "We specialise in SOC 2 readiness for data platforms, most clients are audit ready in "
        "8 weeks.",
        "Would it make sense to compare notes on how you currently handle lead enrichment?",
        "I noticed your website could rank a lot higher for a few key terms, we could fix that "
        "in about a month.",
        "We've built an investor network for B2B founders and have a couple of spots open "
        "this round.",
        "Our team can take your messy spreadsheets and turn them into a proper app in weeks.",
        "Happy to send over a few relevant profiles of freelance data engineers if that helps.",
        "We help teams reduce dashboard sprawl, one client retired 300 reports in a month.",
    ],
    "ask": [
        "Would you be open to a quick 15-minute call next week?",
        "Are you free for a short chat on Tuesday or Wednesday?",
        "Worth a conversation?",
        "Open to a quick intro call?",
        "Can I send you a short deck?",
        "Would it be crazy to grab 20 minutes?",
        "Who would be the right person to talk to about this?",
        "Interested in seeing how it works?",
        "Shall I send over a couple of time slots?",
        "Would love to hear your thoughts, is that of interest?",
        "Let me know if it's worth exploring.",
        "Here's my calendar if easier: calendly.example/meet-30",
        "Happy to share more details, would that be useful?",
        "Does next Thursday work for a virtual coffee?",
        "Any interest?",
    ],
    "close": [
        "Best,", "Cheers", "Thanks!", "Best regards", "Looking forward to hearing from you.",
        "Have a great day!", "Kind regards", "Thanks in advance", "Talk soon", "All the best,",
        "🙂", "Regards,", "",
    ],
    "nudge": [
        "Just bumping this to the top of your inbox.",
        "Following up on my note below, any thoughts?",
        "Circling back on this, did you get a chance to take a look?",
        "Hi again, wanted to make sure this didn't get buried.",
        "Not sure if you saw my last message, happy to keep it brief.",
        "Any update on this? Would still love to connect.",
        "One last follow-up from me, if the timing is off just let me know.",
        "Just checking in, still keen to show you what we've built.",
        "Gentle nudge on the below 🙂",
        "I know you're busy, should I reach out again next quarter instead?",
        "Did my previous message make sense? Happy to clarify.",
        "Quick follow-up: we still have one pilot slot left this month.",
    ],
    "reply_other": [
        "Totally understand, mind if I check back in Q3?",
        "Great! I'll send an invite for Thursday at 2pm CET.",
        "No worries at all, thanks for letting me know.",
        "Fair enough. Would anyone else on your team be a better fit?",
        "Perfect, sending the deck over now.",
        "Thanks for the reply! What would make it relevant for you?",
        "Understood, I'll take you off my list.",
        "Appreciate the honesty, good luck with everything.",
    ],
}

RECRUITING = {
    "open": [
        "Hope you're doing well!",
        "I hope this message finds you well.",
        "Loved your post on data contracts last week.",
        "Your background caught my eye.",
        "Reaching out with something I think you'd genuinely enjoy.",
        "I'm a recruiter at {co} and I'll be upfront, we'd love to talk to you.",
        "A mutual connection suggested I get in touch.",
        "I know you're probably not looking, but hear me out.",
        "I saw you speak at the meetup in March, great talk!",
        "Thanks for accepting my request!",
        "I hope it's ok to reach out directly.",
        "I lead talent for the data org at {co}.",
    ],
    "body": [
        "We're hiring a Head of Data at {co} to build the team from 4 to 15 people.",
        "{co} is looking for a Staff Analytics Engineer, fully remote in Europe.",
        "I'm working on a Principal Data Engineer role with a fintech client in Amsterdam.",
        "The role is a lead position on our platform team, lots of autonomy and a great manager.",
        "We're a 60-person startup that just raised our Series A and need someone senior to own "
        "data end to end.",
        "The team at {co} is small, kind and very senior, and they ship every day.",
        "Compensation is competitive, roughly 95-115k plus equity, and there's a 4-day week "
        "option.",
        "It's a hybrid role, two days a week in the Berlin office.",
        "Given your experience with dbt and Airflow you'd be a great fit for the Analytics "
        "Engineering Manager opening at {co}.",
        "We have an opening for a freelance data architect, 6 months, starting in September.",
        "My client is a well known scale-up in logistics building their first ML platform.",
        "I think your mix of consulting and hands-on engineering is exactly what {co} needs.",
        "The hiring manager read your blog post and asked me to reach out personally.",
        "Our process is quick, two conversations and a short take-home, all done within two "
        "weeks.",
    ],
    "ask": [
        "Would you be open to a quick chat about it?",
        "Any chance you'd be interested in hearing more?",
        "If it's not for you, do you know anyone who might be interested?",
        "Could I send you the job description?",
        "Are you open to new opportunities at the moment?",
        "Would you have 15 minutes this week for an informal chat?",
        "Happy to share more details, just let me know.",
        "Let me know if the timing isn't right and I'll check back later in the year.",
    ],
    "close": ["Best,", "Cheers!", "Warm regards", "Thanks so much", "Have a lovely week!",
              "Speak soon", "Best wishes", ""],
    "reply_other": [
        "Great to hear from you! Does Thursday at 10 work for a call?",
        "Thanks for getting back to me, I'll send the JD over by email.",
        "Totally understand, I'll keep you in mind for future roles.",
        "Amazing, could you send me your CV or should I work from your profile?",
        "Thanks! The range is flexible for the right person.",
    ],
}

REQUEST = {
    "open": [
        "I hope you don't mind me reaching out.",
        "We haven't met, but I really enjoyed your talk on data platforms.",
        "I'm a final year student and I've been following your posts.",
        "A friend recommended I ask you about this.",
        "Sorry for the random message!",
        "I'm working on something and you're the first person I thought of.",
        "Long time reader of your newsletter here.",
        "Quick question if you have a minute.",
        "I know you're busy so feel free to ignore this.",
        "We met briefly at the conference in Lisbon.",
    ],
    "body": [
        "I'm building a small product for data teams to track metric definitions and I'd love "
        "20 minutes of your honest feedback, I'm not selling anything, it isn't even launched.",
        "I'm researching how analytics teams handle data quality and I'm running 30-minute "
        "interviews, I'd be grateful for your perspective.",
        "Would you be willing to look at my CV? I'm trying to move from finance into data "
        "engineering.",
        "I saw you worked at {co} before. Could you tell me a bit about the culture there?",
        "I'm applying for a role at a company you know well and wondered if you'd be open to "
        "referring me.",
        "Could you introduce me to someone on the data team at your previous company?",
        "I'm writing my thesis on data mesh adoption and would love to quote you.",
        "We're organising a local meetup and were wondering if you'd like to give a talk, "
        "unpaid I'm afraid but there's pizza.",
        "Which course would you recommend for someone starting with Spark?",
        "I'm evaluating two orchestration tools for my team and you seem to have used both, "
        "which would you pick?",
        "Could I ask for your advice on pricing my first consulting project?",
        "We're launching an open source library for schema checks next month, would you be "
        "up for reviewing the README?",
        "Do you have any tips for a first-time speaker?",
        "Would you mind sharing the template you mentioned in your post?",
        "I'm putting together a reading list for junior analysts, anything you'd add?",
    ],
    "ask": [
        "Would you be open to that?",
        "No worries at all if not.",
        "Any advice would be hugely appreciated.",
        "Totally fine if you don't have time!",
        "Would 20 minutes sometime next week work?",
        "Thank you so much for considering it.",
        "Happy to work around your schedule.",
    ],
    "close": ["Thanks a lot,", "Many thanks!", "Best,", "Cheers", "Thank you!", "🙏", ""],
    "reply_other": [
        "Thank you so much, this is really helpful!",
        "That's super kind, I'll send you a calendar invite.",
        "Thanks! I'll read up on that and come back to you.",
        "Really appreciate it, I owe you a coffee.",
        "Perfect, I'll email you the details.",
    ],
}

SOCIAL = {
    "open": [
        "Long time no speak!",
        "Congrats on the new role!! 🎉",
        "Just saw your news, congratulations!",
        "Happy work anniversary!",
        "Thanks again for yesterday, it was great to catch up.",
        "Haha, I just saw your post about the pipeline outage, been there.",
        "Was just thinking about you.",
        "Great to bump into you at the conference!",
        "Thank you for the lovely recommendation.",
        "Hope the move went well!",
        "Congrats on closing the deal with the logistics client, well deserved.",
        "Sorry I missed your call earlier.",
        "Happy new year!",
        "Hope you and the family are well.",
    ],
    "body": [
        "How are things at {co}?",
        "We should catch up properly, it's been way too long.",
        "Let's do a call next week, I'd love to hear how the new team is going.",
        "I'm in town on the 14th if you fancy a coffee.",
        "Still can't believe we pulled off that migration last year.",
        "I shared your article with my team, it started a great discussion.",
        "No agenda, just wanted to say your talk really stuck with me.",
        "The deal finally closed on Friday so drinks are on me next time!",
        "If there's ever anything I can help with, just shout.",
        "Saw this and thought of you: the new release finally fixes that bug we hated.",
        "My calendar is a mess this month but let's find a slot for a proper call.",
        "Thanks for the intro to your colleague, we had a great chat.",
        "Loved the photos from the offsite!",
        "How's the little one doing?",
        "I finally tried that ramen place you recommended, you were right.",
        "I'll be at the summit in Amsterdam too, let's grab lunch.",
        "Just wanted to say thanks, your advice on the negotiation really paid off.",
        "We miss you on the team!",
    ],
    "ask": [
        "Speak soon!", "Let me know when suits.", "Hope to see you soon.", "Take care!",
        "Let's catch up soon.", "", "",
    ],
    "close": ["x", "Cheers!", "Best,", "Talk soon", "😊", "👍", "", ""],
    "reply_other": [
        "Haha yes! Next week works, Tuesday?",
        "So good to hear from you!",
        "Thanks so much, that means a lot.",
        "Deal. Coffee on Thursday then.",
        "Aw thank you! Let's definitely catch up.",
        "Yes!! Send me a few times that work.",
    ],
}

AUTOMATED = {
    "open": [
        "You're invited!",
        "Join us live next Thursday.",
        "Registration is now open.",
        "Only 48 hours left to register.",
        "This week in data leadership:",
        "We're hosting a free virtual roundtable.",
        "Your exclusive invitation is waiting.",
    ],
    "body": [
        "Join 2,000+ data leaders at the {co} Data Summit 2024, free to attend online.",
        "Our webinar 'Modern data stacks in 2025' features speakers from three unicorns.",
        "Save your seat for the {co} AI Forum, sessions, networking and live Q&A.",
        "Get the top 5 stories in analytics engineering delivered every Monday.",
        "Register now to get the recording and slides sent straight to your inbox.",
        "This is an automated invitation sent to members of the Data Leaders group.",
        "Tickets are limited, register at events.example/summit.",
    ],
    "ask": ["Register here: events.example/register", "Reserve your spot today.",
            "See you there!", ""],
    "close": ["The {co} Events Team", "The Team", ""],
}

STAFF_SENDERS = [
    "Mira from LinkedIn Premium", "Jonas from LinkedIn Premium", "Aiko @ LinkedIn Learning",
    "Sam, LinkedIn", "Priya from LinkedIn Sales Navigator", "LinkedIn Premium Team",
]
STAFF_BODY = [
    "Your free month of Premium is waiting. See who's viewed your profile and stand out to "
    "recruiters.",
    "You've been selected for a special Premium offer: 50% off for 2 months.",
    "New courses picked for you based on your skills. Start learning today.",
    "Try Sales Navigator free for 30 days and find the right leads faster.",
    "Your account is eligible for InMail credits. Reach anyone on LinkedIn.",
    "Get hired faster: Premium members are 2x more likely to get hired.",
]

SPONSORED_TITLES = [
    "Grow your career with Premium", "Exclusive invitation: Data Leaders Summit",
    "A message from our partners", "Your next step in analytics", "Special offer for you",
    "Invitation to join our executive panel",
]
SPONSORED_SUBJECTS = [
    "%FIRSTNAME%, your invitation inside", "Unlock your potential", "Last chance to register",
    "Leaders like you are joining", "An exclusive offer for data professionals",
    "Quick question, %FIRSTNAME%",
]
SPONSORED_LINES = [
    "We&rsquo;re hosting an exclusive roundtable for senior data leaders &amp; we&rsquo;d "
    "love you to join.",
    "Discover how top teams cut reporting time by 60%&nbsp;with our platform.",
    "Download the free 2025 benchmark report &gt;&gt;",
    "Seats are limited &amp; filling up fast.",
    "Join 5,000+ professionals who&rsquo;ve already signed up.",
    "Learn from industry experts in this free on-demand session.",
    "Get certified in just 6 weeks &ndash; fully online.",
]

# The owner's own outbound openers.
OUT_PITCH = {
    "open": [
        "Hope you're well!", "I came across your team's work on the new platform.",
        "Thanks for connecting.", "I noticed you're hiring data engineers.",
        "Congrats on the funding round!", "I'll keep it short.",
    ],
    "body": [
        "I run a small analytics consultancy and we help teams like yours get reliable "
        "dashboards in weeks rather than quarters.",
        "We recently helped a company of your size cut their warehouse costs by a third, I "
        "think we could do something similar for you.",
        "I offer a fixed-price data platform review, two weeks, a written report and a "
        "roadmap.",
        "My team has capacity from next month for a dbt migration project.",
        "I'm running a workshop on data contracts for engineering managers and have a few "
        "seats for teams like yours.",
    ],
    "ask": [
        "Would a short call make sense?", "Open to a 20-minute chat?",
        "Happy to send a one-pager if useful.", "Would you be the right person to talk to?",
    ],
    "close": ["Best,", "Cheers", "Thanks!", ""],
}
OUT_SOCIAL = {
    "open": [
        "Just read your post and had to say, spot on.", "Congrats on the promotion!",
        "Happy work anniversary!", "Thank you for the talk yesterday.",
        "It's been ages, how are you?", "Saw your news, so happy for you!",
        "Hope the launch went well!",
    ],
    "body": [
        "No agenda, just wanted to say it helped me a lot.",
        "If I can ever help with anything on the data side, just ask.",
        "Would love to hear how the new role is going when you have time.",
        "I shared it with a couple of friends who are dealing with the same problem.",
        "Let's catch up properly soon, coffee is on me.",
        "Thought you'd like this article on metric layers, reminded me of our chat.",
    ],
    "ask": ["", "", "Speak soon!", "Take care."],
    "close": ["Cheers,", "Best,", "🙂", ""],
}
OUT_REQUEST = {
    "open": ["Hope all is well!", "Quick favour to ask.", "Long time no see!"],
    "body": [
        "Would you be open to introducing me to your CTO? I'd love to learn how they set up "
        "their data team.",
        "Could I get your feedback on a talk proposal I'm submitting next week?",
        "Do you know anyone who's moved from consulting into a product role? I'd love advice.",
        "Would you mind being a reference for a client pitch? Only if you're comfortable.",
    ],
    "ask": ["No pressure at all.", "Thanks so much in advance.", ""],
    "close": ["Best,", "Thanks!", ""],
}

# Owner's replies, by the category of the inbound opener.
OWNER_REPLY = {
    "sales_pitch": [
        "Thanks, but not a fit for us right now.", "Not interested, thanks.",
        "Thanks for reaching out. We're all set on that front.",
        "Please remove me from your list.", "Sure, send over some info and I'll have a look.",
        "We already work with someone for this, but thanks.",
        "Maybe later in the year, feel free to check back.",
        "No thanks.", "Appreciate it, but we're not looking for that.",
    ],
    "recruiting": [
        "Thanks for reaching out! I'm happy where I am, but keep me in mind.",
        "Sounds interesting, what's the team size and the salary range?",
        "Hi! Thanks, I'd be up for a quick chat. Thursday morning works.",
        "Thank you, I'm not looking right now, but I can recommend a friend.",
        "Appreciate you thinking of me. Could you send the job description?",
        "Happy to talk, could you share a bit more about the team?",
    ],
    "request": [
        "Happy to help! Send me a couple of times that work.",
        "Sure thing, here's what I'd suggest: start small and ship something every week.",
        "Of course, I'll make the intro by email.",
        "Sorry, swamped this month, but try asking in the community Slack.",
        "Great question. I'd go with the simpler tool, honestly.",
        "Yes, send the README over and I'll take a look this weekend.",
    ],
    "social": [
        "Thank you!! Yes let's catch up soon.", "Haha so true. Coffee next week?",
        "So good to hear from you! Call on Friday?", "Thanks a lot, really appreciate it 🙂",
        "Congrats to you too! Let's celebrate when I'm back.", "Yes! Tuesday works for me.",
        "Aw thanks, that made my day.",
    ],
}

# Later messages in a thread, by category and speaker.
CONT_OTHER = {
    "sales_pitch": [
        "Here's the link to the case study: example.com/case.", "Does 3pm work for you?",
        "I'll loop in my colleague who handles your region.",
        "Thanks, talk soon.", "Sounds good.",
    ],
    "recruiting": [
        "The next step would be a call with the hiring manager.",
        "I've shared your profile with the team, they're keen!",
        "Quick update: they'd like to schedule the technical interview.",
        "The budget is a bit flexible for the right person.", "Thanks, have a great weekend!",
        "Could you send me your notice period?",
    ],
    "request": [
        "That's really helpful, thank you!", "I'll try that and report back.",
        "One follow-up question if you don't mind: how did you price the second project?",
        "Thanks again, the intro worked out great.", "Really appreciate your time.",
    ],
    "social": [
        "Haha amazing.", "Yes! See you then.", "Sounds perfect.", "Let me check my calendar.",
        "Wednesday works better for me, is that ok?", "Can't wait!", "😂😂",
        "Totally agree.", "Oh no, hope it's sorted now.", "Talk soon!",
        "Did you see the news about the merger?", "Call me when you have a minute.",
        "The deal is done, finally!", "Sending you the link now.",
    ],
}
CONT_OWNER = {
    "sales_pitch": ["Thanks.", "Ok, I'll have a look.", "Not this quarter, sorry.",
                    "Sure, send the link."],
    "recruiting": ["Great, Thursday works.", "My notice period is three months.",
                   "Thanks for the update!", "Sounds good, talk then.",
                   "Could we do the call after 4pm?"],
    "request": ["You're welcome!", "Anytime.", "Good luck with it!",
                "Let me know how it goes.", "Glad it helped."],
    "social": ["Haha yes", "Perfect, see you then!", "Will do.", "Thursday is good.",
               "Oh wow, congrats!!", "Sure, call me tomorrow.", "Let's do it.", "👍",
               "Sounds good to me.", "I'll bring the slides."],
}

INVITE_NOTE_PITCH = [
    "Hi {n}, I help consultancies fill their pipeline with qualified calls, would love to "
    "connect and share how.",
    "Hi {n}, we work with data teams like yours on cloud cost savings. Let's connect!",
    "Hello {n}, I'd love to connect and tell you about our nearshore engineering team.",
    "{n}, I have a few senior data engineers available right now. Open to connecting?",
    "Hi {n}! Our platform automates data governance end to end, keen to connect and show "
    "you a quick demo.",
    "Hey {n}, I'm building a network of B2B founders interested in our lead gen program.",
]
INVITE_NOTE_OTHER = [
    "Hi {n}, great meeting you at the meetup yesterday!",
    "Hi {n}, loved your post on data quality. Would be great to connect.",
    "Hello {n}, we're both in the analytics engineering community, let's connect.",
    "Hi {n}, I'm a recruiter focusing on senior data roles, happy to connect.",
    "{n}, thanks for the talk at the conference!",
    "Hi {n}, we worked together briefly at the hackathon, remember? 🙂",
    "Hi {n}, I'm a student interested in data engineering and would value connecting.",
    "Hi {n}, following your newsletter for a while, would be great to connect.",
]
OWNER_INVITE_NOTE = [
    "Hi {n}, enjoyed your talk today, would be great to stay in touch.",
    "Hi {n}, we met at the dbt meetup, let's connect!",
    "Hi {n}, following your work on data platforms, keen to connect.",
]

POST_LINES = [
    "Three things I learned migrating a 10-year-old warehouse:",
    "Hot take: most dashboards are never opened after the first week.",
    "We shipped our data contracts rollout today. It took 9 months.",
    "I'm hiring! A senior analytics engineer, remote in Europe.",
    "Data quality is a people problem before it's a tooling problem.",
    "1. Start with the questions, not the tools.",
    "2. Write down what \"done\" means for every metric.",
    "3. Delete more than you build.",
    "Grateful to the team for a fantastic year.",
    "What's the most underrated skill in data engineering? Mine: writing.",
    "New blog post: why our on-call rotation finally works.",
    "Speaking at the summit next month, come say hi!",
    "Unpopular opinion: you probably don't need real-time.",
    "Proud of this one, a full rewrite, zero downtime.",
    "If you're starting out in data, learn SQL properly. Then learn it again.",
    "Looking back at 4 years of consulting, here's what I'd do differently.",
]
POST_TAGS = ["#dataengineering", "#analytics", "#dbt", "#hiring", "#leadership", "#datamesh",
             "#sql", "#careers"]

COMMENTS = [
    "Congrats!", "Great point, and one that gets forgotten a lot.", "Well deserved 👏",
    "This is so true.", "Agreed, great post", "Thanks for sharing!", "Love this.",
    "Couldn't agree more, especially the part about ownership.",
    "Congrats on the launch! Huge milestone.", "Interesting, how did you handle backfills?",
    "Following", "So proud of you!", "+1, we saw the same thing.",
    "Great write-up, bookmarked.", "Haha, painfully accurate.",
    "Happy to chat about this, we went through the same.",
    "Thanks, \"metric ownership\" is the phrase I was looking for.",
]
COMMENT_SECOND_LINE = [
    "We learned that the hard way last year.", "Looking forward to part 2!",
    "Would love to see the slides.", "Sharing with my team.",
]

SEARCHES = [
    "data engineer", "analytics engineering manager", "dbt", "head of data berlin",
    "data contracts", "recruiter fintech", "product analytics, amsterdam",
    "data platform lead", "event: data summit", "machine learning engineer, remote",
    "airflow", "consulting, data strategy", "cto", "series a startups, berlin",
    "engineering manager", "lisbon, tech meetup", "open to work", "data quality",
]

SKILLS = [
    "Python", "SQL", "Data Engineering", "dbt", "Apache Airflow", "Apache Spark",
    "Data Modeling", "Analytics", "Leadership", "Public Speaking", "Data Warehousing",
    "Stakeholder Management", "Machine Learning", "Consulting", "Team Building",
    "Cloud Computing", "Data Governance", "Statistics", "Looker", "Power BI",
    "Project Management", "Mentoring", "ETL", "PostgreSQL", "Kafka",
]

COURSES = [
    ("Advanced SQL for Analytics", "Course"),
    ("Leading Data Teams", "Course"),
    ("Statistics Foundations: Probability", "Course"),
    ("Become a Data Engineer", "Learning Path"),
    ("Negotiation Skills for Consultants", "Course"),
    ("Machine Learning with Python", "Course"),
    ("Public Speaking Foundations", "Course"),
    ("Data Governance Essentials", "Course"),
    ("Cloud Cost Management", "Course"),
    ("Streaming Data Pipelines", "Course"),
    ("Storytelling with Data", "Video (3rd Party Provider)"),
    ("Time Management Tips", "Article (3rd Party Provider)"),
    ("Kafka Essential Training", "Course"),
    ("Coaching Skills for Managers", "Course"),
    ("Writing a Compelling Portfolio", "Article (3rd Party Provider)"),
]

RECOMMENDATION_TEXT = [
    "{n} is one of the most thoughtful data engineers I have worked with. Calm under "
    "pressure, generous with time, and always shipping.",
    "I had the pleasure of working with {n} on our platform migration. Clear communicator, "
    "great mentor, and a joy to work with.",
    "{n} turned our reporting chaos into something the whole company trusts. Highly "
    "recommended.",
    "Working with {n} was a highlight of my time at the company. Pragmatic, kind, and very "
    "sharp.",
]
