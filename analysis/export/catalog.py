"""The catalogue of LinkedIn export files LinkedOut reads: one declarative spec per file.

Every header variant, date format and quirk here comes from ``docs/export-format.md``
(its section numbers and source ids are in each ``evidence``). Files not listed are
reported as present but not analysed, unless their header is an era of one spec (a renamed
file, see ``identify.py``).
"""

from __future__ import annotations

from .spec import BOOL, DATETIME, INT, MONTH, URL_LIST, Col, Era, FileSpec, RecordLayout

# Date shapes (docs/export-format.md §5). Names say the shape, not the file.
US_SHORT = "%m/%d/%y, %I:%M %p"  # "1/8/18, 6:14 PM": no zone
ISO_UTC = "%Y-%m-%d %H:%M:%S UTC"  # "2023-06-11 15:33:58 UTC"
ISO_NAIVE = "%Y-%m-%d %H:%M:%S"  # "2022-03-05 12:00:00": no zone
SLASH_UTC = "%Y/%m/%d %H:%M:%S UTC"  # "2023/02/01 15:02:55 UTC"
JAVA_UTC = "%a %b %d %H:%M:%S UTC %Y"  # "Tue Aug 09 14:22:01 UTC 2022"
LEARNING_UTC = "%Y-%m-%d %H:%M UTC"  # "2024-01-10 14:05 UTC"
DAY_MON_YEAR = "%d %b %Y"  # "05 Mar 2021": no zone
MONTH_YEAR = ("%b %Y", "%Y")  # "Mar 2021" or "2021"

NO_ZONE = "none"
ONE_RECORD = ((),)  # merge key of a one-row table: the newest file's row wins

MESSAGE_BASE = (
    "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
    "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER",
)
MESSAGE_9 = tuple(h for h in MESSAGE_BASE if h != "RECIPIENT PROFILE URLS")


CONNECTIONS = FileSpec(
    table="connections",
    names=("connections",),
    doc="One row per first-degree connection, including hidden members (date only).",
    eras=(
        Era("2018-2023", ("First Name", "Last Name", "Email Address", "Company", "Position",
                          "Connected On"), "4.1 [R-18, R-20a, R-22b]"),
        Era("2023+", ("First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                      "Connected On"), "4.1 [R-23b ... R-26]", preamble=True),
        Era("pre-2018 template", ("First Name", "Last Name", "Address", "Email Address", "Company",
                                  "Position", "Connected On", "Websites", "Instant Messengers"),
            "4.1 [P-6], unconfirmed"),
    ),
    columns=(
        Col("first_name", ("First Name",), strip=True, doc="Trimmed; empty for hidden members."),
        Col("last_name", ("Last Name",), strip=True),
        Col("profile_url", ("URL",), strip=True, doc="Profile URL (exports from Jul 2023 on)."),
        Col("email", ("Email Address",), strip=True, doc="Mostly empty: members opt in."),
        Col("company", ("Company",), strip=True),
        Col("position", ("Position",), strip=True),
        Col("connected_on", ("Connected On",), DATETIME, formats=(DAY_MON_YEAR, US_SHORT),
            zone=NO_ZONE, required=True, doc="Day the connection was made."),
    ),
    extra_columns=(Col("is_anonymous", (), BOOL, doc="Hidden or closed member: no name, no URL."),),
    required_headers=("First Name", "Last Name", "Connected On"),
    quirks=("anonymous_rows",),
    event_time="connected_on",
    needed_by=("C2", "C3", "C5", "C6"),
    merge_key=(("profile_url",), ("first_name", "last_name", "connected_on")),
    snapshot=True,
)

MESSAGES = FileSpec(
    table="messages",
    names=("messages", "guide_messages", "learning_coach_messages",
           "learning_role_play_messages", "coach_messages"),
    doc="One row per message, every header era from 2018 to 2026.",
    eras=(
        Era("2018", ("From", "To", "Date", "Subject", "Content", "Direction", "Folder"),
            "4.2 form 1 [R-18]"),
        Era("2021", MESSAGE_9, "4.2 form 2 [R-21, R-22b]"),
        Era("2023", MESSAGE_BASE, "4.2 form 3 [R-23b ... R-25a]"),
        Era("2024-12", MESSAGE_BASE + ("IS MESSAGE DRAFT", "IS CONVERSATION DRAFT"),
            "4.2 form 4 [R-24c]"),
        Era("2025", MESSAGE_BASE + ("ATTACHMENTS",), "4.2 forms 5-6 [R-25b, R-25c, R-26]"),
        Era("2025-draft", MESSAGE_BASE + ("ATTACHMENTS", "IS MESSAGE DRAFT"),
            "4.2 form 7 [S-1, S-2], unconfirmed"),
        Era("union-13", MESSAGE_BASE + ("ATTACHMENTS", "IS MESSAGE DRAFT",
                                        "IS CONVERSATION DRAFT"), "4.2 form 7, unconfirmed"),
    ),
    columns=(
        Col("conversation_id", ("CONVERSATION ID",),
            doc="LinkedIn's id; 2018 exports have none, so one is derived from the other party."),
        Col("conversation_title", ("CONVERSATION TITLE",), doc="Set for sponsored mail and groups."),
        Col("sender_name", ("FROM",), strip=True),
        Col("sender_url", ("SENDER PROFILE URL",), strip=True,
            doc="Empty for sponsored mail, 'LinkedIn Member' and deleted accounts."),
        Col("recipient_names", ("TO",), doc="Raw TO: names joined by ',' (never split it)."),
        Col("recipient_urls", ("RECIPIENT PROFILE URLS",), URL_LIST,
            doc="Recipient profile URLs (exports from Jul 2023 on)."),
        Col("sent_at", ("DATE",), DATETIME, formats=(ISO_UTC, US_SHORT), required=True,
            doc="UTC (2018 exports give no zone; read as UTC)."),
        Col("subject", ("SUBJECT",)),
        Col("text", ("CONTENT",), doc="HTML stripped, entities decoded, merge fields kept."),
        Col("folder", ("FOLDER",), strip=True, doc="INBOX, ARCHIVE, SPAM (2018: SENT, ARCHIVED)."),
        Col("direction_raw", ("Direction",), strip=True, doc="2018 only: INCOMING/OUTGOING."),
        Col("is_draft", ("IS MESSAGE DRAFT",), BOOL),
        Col("is_conversation_draft", ("IS CONVERSATION DRAFT",), BOOL),
        Col("attachments", ("ATTACHMENTS",), URL_LIST),
    ),
    extra_columns=(
        Col("n_recipients", (), INT, doc="Number of recipient URLs; null before Jul 2023."),
        Col("has_attachment", (), BOOL),
        Col("is_sponsored", (), BOOL,
            doc="No sender URL plus spinmail HTML or a conversation title."),
        Col("sender_kind", (), doc="person, owner, linkedin_member, linkedin_staff or unknown."),
        Col("direction", (), doc="'in' or 'out' relative to the owner; null if owner unknown."),
        Col("is_conversation_opener", (), BOOL,
            doc="Earliest sent message of its conversation (drafts never open one)."),
        Col("message_id", (), doc="Stable id from conversation, time, sender and text: "
            "the key of labels.csv."),
    ),
    required_headers=("FROM", "DATE", "CONTENT"),
    placeholders=("No conversations found",),
    quirks=("message_text",),
    event_time="sent_at",
    needed_by=("C1", "C2", "C3", "C4", "C5", "C6", "C7"),
    merge_key=(("conversation_id", "sent_at", "sender_name", "text"),),
)

INVITATIONS = FileSpec(
    table="invitations",
    names=("invitations",),
    doc="Connection invitations sent and received.",
    eras=(
        Era("2018-2023", ("From", "To", "Sent At", "Message", "Direction"), "4.3 [R-18 ... R-23b]"),
        Era("2024+", ("From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl",
                      "inviteeProfileUrl"), "4.3 [R-24a ... R-26]"),
    ),
    columns=(
        Col("from_name", ("From",), strip=True),
        Col("to_name", ("To",), strip=True),
        Col("sent_at", ("Sent At",), DATETIME, formats=(US_SHORT,), zone=NO_ZONE, required=True),
        Col("message", ("Message",), doc="The invitation note, usually empty."),
        Col("direction", ("Direction",), strip=True, doc="'in' or 'out'."),
        Col("inviter_url", ("inviterProfileUrl",), strip=True,
            doc="The bare 'https://www.linkedin.com/in' (a 2024 LinkedIn bug) is null."),
        Col("invitee_url", ("inviteeProfileUrl",), strip=True),
    ),
    required_headers=("From", "To", "Sent At", "Direction"),
    quirks=("invitations",),
    event_time="sent_at",
    needed_by=("C2", "C4"),
    merge_key=(("direction", "from_name", "to_name", "sent_at"),),
)

PROFILE = FileSpec(
    table="profile",
    names=("profile",),
    doc="The owner's own profile (one row).",
    eras=(
        Era("2018", ("First Name", "Last Name", "Maiden Name", "Address", "Birth Date",
                     "Contact Instructions", "Headline", "Summary", "Industry", "Country",
                     "Zip Code", "Geo Location", "Twitter Handles", "Websites",
                     "Instant Messengers"), "4.4 [R-18]"),
        Era("template", ("First Name", "Last Name", "Maiden Name", "Created Date", "Address",
                         "Birth Date", "Contact Instructions", "Marital Status", "Headline",
                         "Summary", "Industry", "Association"), "4.4 [P-6], unconfirmed"),
        Era("2022+", ("First Name", "Last Name", "Maiden Name", "Address", "Birth Date",
                      "Headline", "Summary", "Industry", "Zip Code", "Geo Location",
                      "Twitter Handles", "Websites", "Instant Messengers"), "4.4 [R-22b ... R-26]"),
    ),
    columns=(
        Col("first_name", ("First Name",), strip=True),
        Col("last_name", ("Last Name",), strip=True),
        Col("headline", ("Headline",)),
        Col("summary", ("Summary",)),
        Col("industry", ("Industry",)),
        Col("geo_location", ("Geo Location",)),
        Col("websites", ("Websites",)),
    ),
    required_headers=("First Name", "Last Name"),
    needed_by=("owner",),
    merge_key=ONE_RECORD,
    snapshot=True,
)

_POSITION_DATES = dict(formats=MONTH_YEAR, zone=NO_ZONE)

POSITIONS = FileSpec(
    table="positions",
    names=("positions",),
    doc="The owner's positions (jobs).",
    eras=(Era("all", ("Company Name", "Title", "Description", "Location", "Started On",
                      "Finished On"), "4.6 [R-18 ... R-26]"),),
    columns=(
        Col("company", ("Company Name",), strip=True),
        Col("title", ("Title",), strip=True),
        Col("description", ("Description",)),
        Col("location", ("Location",), strip=True),
        Col("started_on", ("Started On",), MONTH, doc="First day of the month or year given.",
            **_POSITION_DATES),
        Col("finished_on", ("Finished On",), MONTH, doc="Empty: the position is current.",
            **_POSITION_DATES),
    ),
    extra_columns=(Col("started_on_precision", (), doc="'month' or 'year'."),
                   Col("finished_on_precision", (), doc="'month' or 'year'.")),
    required_headers=("Company Name", "Started On"),
    event_time="started_on",
    needed_by=("C5", "C10"),
    merge_key=(("company", "title", "started_on"),),
    snapshot=True,
)

EDUCATION = FileSpec(
    table="education",
    names=("education",),
    doc="The owner's education.",
    eras=(Era("all", ("School Name", "Start Date", "End Date", "Notes", "Degree Name",
                      "Activities"), "4.7"),),
    columns=(
        Col("school", ("School Name",), strip=True),
        Col("started_on", ("Start Date",), MONTH, **_POSITION_DATES),
        Col("finished_on", ("End Date",), MONTH, **_POSITION_DATES),
        Col("notes", ("Notes",)),
        Col("degree", ("Degree Name",)),
        Col("activities", ("Activities",)),
    ),
    extra_columns=(Col("started_on_precision", ()), Col("finished_on_precision", ())),
    required_headers=("School Name",),
    merge_key=(("school", "started_on"),),
    snapshot=True,
)

SKILLS = FileSpec(
    table="skills",
    names=("skills",),
    doc="Skills listed on the owner's profile.",
    eras=(Era("all", ("Name",), "4.8"),),
    columns=(Col("name", ("Name",), strip=True, required=True),),
    required_headers=("Name",),
    merge_key=(("name",),),
    snapshot=True,
)

ENDORSEMENTS_RECEIVED = FileSpec(
    table="endorsements_received",
    names=("endorsement_received_info",),
    doc="Skill endorsements the owner received. The 2022 UTF-16 twin holds every row of the "
        "UTF-8 file plus redacted ones; merged, the table is the twin's rows.",
    eras=(
        Era("2022", ("Endorsement Date", "Skill Name", "Endorser First Name",
                     "Endorser Last Name", "Endorsement Status"), "4.9 [R-22b]"),
        Era("2023+", ("Endorsement Date", "Skill Name", "Endorser First Name",
                      "Endorser Last Name", "Endorser Public Url", "Endorsement Status"),
            "4.9 [R-23b, R-25b]"),
        Era("2022-utf16", ("Endorsement Date", "Skill Name", "Endorser First Name",
                           "Endorser Last Name", "Endorsement Status", "Display Status"),
            "4.9 [R-22b]"),
    ),
    columns=(
        Col("endorsed_at", ("Endorsement Date",), DATETIME, formats=(SLASH_UTC,), required=True),
        Col("skill", ("Skill Name",), strip=True),
        Col("endorser_first_name", ("Endorser First Name",), strip=True),
        Col("endorser_last_name", ("Endorser Last Name",), strip=True),
        Col("endorser_url", ("Endorser Public Url",), strip=True, doc="Without scheme."),
        Col("status", ("Endorsement Status",), strip=True, doc="Upper-cased: ACCEPTED, REDACTED."),
        Col("display_status", ("Display Status",), strip=True),
    ),
    required_headers=("Endorsement Date", "Skill Name"),
    quirks=("upper_status",),
    twin_key=("endorsed_at", "skill", "endorser_first_name", "endorser_last_name"),
    event_time="endorsed_at",
    needed_by=("C4", "C9"),
    merge_key=(("endorsed_at", "skill", "endorser_first_name", "endorser_last_name"),),
    snapshot=True,
)

ENDORSEMENTS_GIVEN = FileSpec(
    table="endorsements_given",
    names=("endorsement_given_info",),
    doc="Skill endorsements the owner gave.",
    eras=(
        Era("2023+", ("Endorsement Date", "Skill Name", "Endorsee First Name",
                      "Endorsee Last Name", "Endorsee Public Url", "Endorsement Status"),
            "4.9 [R-23b ... R-26]"),
        Era("2022", ("Endorsement Date", "Skill Name", "Endorsee First Name",
                     "Endorsee Last Name", "Endorsement Status"), "by analogy with received"),
    ),
    columns=(
        Col("endorsed_at", ("Endorsement Date",), DATETIME, formats=(SLASH_UTC,), required=True),
        Col("skill", ("Skill Name",), strip=True),
        Col("endorsee_first_name", ("Endorsee First Name",), strip=True),
        Col("endorsee_last_name", ("Endorsee Last Name",), strip=True),
        Col("endorsee_url", ("Endorsee Public Url",), strip=True),
        Col("status", ("Endorsement Status",), strip=True),
    ),
    required_headers=("Endorsement Date", "Skill Name"),
    quirks=("upper_status",),
    event_time="endorsed_at",
    merge_key=(("endorsed_at", "skill", "endorsee_first_name", "endorsee_last_name"),),
    snapshot=True,
)

_RECOMMENDATION_ERAS = (
    Era("all", ("First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date",
                "Status"), "4.10 [R-24c, R-25b]"),
)
_RECOMMENDATION_COLUMNS = (
    Col("first_name", ("First Name",), strip=True),
    Col("last_name", ("Last Name",), strip=True),
    Col("company", ("Company",), strip=True),
    Col("job_title", ("Job Title",), strip=True),
    Col("text", ("Text",)),
    Col("created_at", ("Creation Date",), DATETIME, formats=(US_SHORT,), zone=NO_ZONE,
        required=True),
    Col("status", ("Status",), strip=True),
)

RECOMMENDATIONS_RECEIVED = FileSpec(
    table="recommendations_received",
    names=("recommendations_received",),
    doc="Recommendations written for the owner.",
    eras=_RECOMMENDATION_ERAS,
    columns=_RECOMMENDATION_COLUMNS,
    required_headers=("Creation Date",),
    event_time="created_at",
    needed_by=("C4",),
    merge_key=(("first_name", "last_name", "created_at"),),
    snapshot=True,
)

RECOMMENDATIONS_GIVEN = FileSpec(
    table="recommendations_given",
    names=("recommendations_given",),
    doc="Recommendations the owner wrote.",
    eras=_RECOMMENDATION_ERAS,
    columns=_RECOMMENDATION_COLUMNS,
    required_headers=("Creation Date",),
    event_time="created_at",
    merge_key=(("first_name", "last_name", "created_at"),),
    snapshot=True,
)

SHARES = FileSpec(
    table="shares",
    names=("shares",),
    doc="The owner's posts.",
    eras=(
        Era("2018-utf16", ("Date", "Share Title", "Share Description", "Share Link",
                           "Share Commentary", "Shared URL", "Media URL", "Type", "Visibility"),
            "4.11 [R-18]"),
        Era("2022", ("Date", "ShareLink", "ShareCommentary", "SharedURL", "MediaURL",
                     "Visibility"), "4.11 [R-22b, R-24b]; 2024-12+ writes SharedUrl,MediaUrl"),
    ),
    columns=(
        Col("shared_at", ("Date",), DATETIME, formats=(ISO_NAIVE, SLASH_UTC), zone=NO_ZONE,
            required=True, doc="No zone in 2022+ files (read as UTC)."),
        Col("share_link", ("ShareLink", "Share Link"), strip=True),
        Col("text", ("ShareCommentary", "Share Commentary"),
            doc="Post text with LinkedIn's per-line quote wrapping undone."),
        Col("shared_url", ("SharedURL", "Shared URL"), strip=True),
        Col("media_url", ("MediaURL", "Media URL"), strip=True),
        Col("visibility", ("Visibility",), strip=True),
    ),
    required_headers=("Date",),
    quirks=("share_commentary",),
    event_time="shared_at",
    needed_by=("C4",),
    merge_key=(("shared_at", "share_link", "text"),),
)

COMMENTS = FileSpec(
    table="comments",
    names=("comments",),
    doc="Comments the owner wrote.",
    eras=(Era("2022+", ("Date", "Link", "Message"), "4.12 [R-22b, R-24b, R-25b]"),),
    columns=(
        Col("commented_at", ("Date",), DATETIME, formats=(ISO_NAIVE,), zone=NO_ZONE,
            required=True),
        Col("link", ("Link",), strip=True),
        Col("text", ("Message",), doc="Unquoted continuation lines re-joined."),
    ),
    required_headers=("Date", "Message"),
    record_layout=RecordLayout(start=r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},", unquote_last=True),
    event_time="commented_at",
    needed_by=("C4",),
    merge_key=(("commented_at", "link", "text"),),
)

REACTIONS = FileSpec(
    table="reactions",
    names=("reactions",),
    doc="Reactions (likes and others) the owner gave.",
    eras=(Era("2021+", ("Date", "Type", "Link"), "4.13"),),
    columns=(
        Col("reacted_at", ("Date",), DATETIME, formats=(ISO_NAIVE,), zone=NO_ZONE, required=True),
        Col("reaction_type", ("Type",), strip=True),
        Col("link", ("Link",), strip=True),
    ),
    required_headers=("Date", "Type"),
    event_time="reacted_at",
    needed_by=("C4",),
    merge_key=(("reacted_at", "reaction_type", "link"),),
)

VOTES = FileSpec(
    table="votes",
    names=("votes",),
    doc="Poll votes the owner cast.",
    eras=(Era("2022+", ("Date", "Link", "OptionText"), "4.14"),),
    columns=(
        Col("voted_at", ("Date",), DATETIME, formats=(ISO_NAIVE,), zone=NO_ZONE, required=True),
        Col("link", ("Link",), strip=True),
        Col("option_text", ("OptionText",)),
    ),
    required_headers=("Date",),
    event_time="voted_at",
    merge_key=(("voted_at", "link"),),
)

JOB_APPLICATIONS = FileSpec(
    table="job_applications",
    names=("job_applications",),
    doc="Jobs the owner applied to on LinkedIn (split files concatenated).",
    eras=(Era("2022+", ("Application Date", "Contact Email", "Contact Phone Number",
                        "Company Name", "Job Title", "Job Url", "Resume Name",
                        "Question And Answers"), "4.41"),),
    columns=(
        Col("applied_at", ("Application Date",), DATETIME, formats=(US_SHORT,), zone=NO_ZONE,
            required=True),
        Col("contact_email", ("Contact Email",), strip=True),
        Col("contact_phone", ("Contact Phone Number",), strip=True),
        Col("company", ("Company Name",), strip=True),
        Col("job_title", ("Job Title",), strip=True),
        Col("job_url", ("Job Url",), strip=True),
        Col("resume_name", ("Resume Name",)),
        Col("questions_and_answers", ("Question And Answers",), doc="'Q:A | Q:A' pairs."),
    ),
    required_headers=("Application Date", "Company Name"),
    event_time="applied_at",
    needed_by=("C4", "C5", "C10"),
    merge_key=(("applied_at", "company", "job_title"),),
)

SAVED_JOBS = FileSpec(
    table="saved_jobs",
    names=("saved_jobs",),
    doc="Jobs the owner saved.",
    eras=(Era("2018+", ("Saved Date", "Job Url", "Job Title", "Company Name"), "4.41"),),
    columns=(
        Col("saved_at", ("Saved Date",), DATETIME, formats=(US_SHORT,), zone=NO_ZONE,
            required=True),
        Col("job_url", ("Job Url",), strip=True),
        Col("job_title", ("Job Title",), strip=True),
        Col("company", ("Company Name",), strip=True),
    ),
    required_headers=("Saved Date",),
    event_time="saved_at",
    merge_key=(("saved_at", "job_url", "job_title"),),
)

LEARNING = FileSpec(
    table="learning",
    names=("learning",),
    doc="LinkedIn Learning content viewed, saved or completed.",
    eras=(Era("2022+", ("Content Title", "Content Description", "Content Type",
                        "Content Last Watched Date (if viewed)",
                        "Content Completed At (if completed)", "Content Saved",
                        "Notes taken on videos (if taken)", ""), "4.23 (trailing comma)"),),
    columns=(
        Col("title", ("Content Title",), strip=True),
        Col("description", ("Content Description",)),
        Col("content_type", ("Content Type",), strip=True),
        Col("last_watched_at", ("Content Last Watched Date (if viewed)",), DATETIME,
            formats=(LEARNING_UTC,)),
        Col("completed_at", ("Content Completed At (if completed)",), DATETIME,
            formats=(LEARNING_UTC,)),
        Col("saved", ("Content Saved",), BOOL),
        Col("notes", ("Notes taken on videos (if taken)",)),
    ),
    required_headers=("Content Title", "Content Completed At (if completed)"),
    na_values=("N/A",),
    event_time="last_watched_at",
    needed_by=("C9",),
    merge_key=(("title", "content_type"),),
    snapshot=True,
)

LOGINS = FileSpec(
    table="logins",
    names=("logins",),
    doc="Logins to the owner's account.",
    eras=(Era("all", ("Login Date", "IP Address", "User Agent", "Login Type"), "4.19"),),
    columns=(
        Col("logged_in_at", ("Login Date",), DATETIME, formats=(JAVA_UTC, SLASH_UTC),
            required=True),
        Col("ip_address", ("IP Address",), strip=True),
        Col("user_agent", ("User Agent",)),
        Col("login_type", ("Login Type",), strip=True),
    ),
    required_headers=("Login Date",),
    event_time="logged_in_at",
    needed_by=("C8",),
    merge_key=(("logged_in_at", "ip_address", "user_agent"),),
)

SEARCH_QUERIES = FileSpec(
    table="search_queries",
    names=("searchqueries", "search_queries"),
    doc="Searches the owner ran.",
    eras=(Era("all", ("Time", "Search Query"), "4.22"),),
    columns=(
        Col("searched_at", ("Time",), DATETIME, formats=(SLASH_UTC,), required=True),
        Col("query", ("Search Query",), doc="Verbatim: everything after the first comma."),
    ),
    required_headers=("Time", "Search Query"),
    record_layout=RecordLayout(start=r"\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} UTC,",
                               unquote_last=False),
    event_time="searched_at",
    merge_key=(("searched_at", "query"),),
)

COMPANY_FOLLOWS = FileSpec(
    table="company_follows",
    names=("company_follows",),
    doc="Companies the owner follows.",
    eras=(Era("2022+", ("Organization", "Followed On"), "4.18"),),
    columns=(
        Col("organization", ("Organization",), strip=True),
        Col("followed_at", ("Followed On",), DATETIME, formats=(JAVA_UTC,), required=True),
    ),
    required_headers=("Organization", "Followed On"),
    event_time="followed_at",
    merge_key=(("organization",),),
    snapshot=True,
)

MEMBER_FOLLOWS = FileSpec(
    table="member_follows",
    names=("member_follows",),
    doc="Members the owner follows or unfollowed.",
    eras=(Era("2022+", ("Date", "Status", "FullName"), "4.16"),),
    columns=(
        Col("followed_at", ("Date",), DATETIME, formats=(ISO_NAIVE,), zone=NO_ZONE,
            required=True),
        Col("status", ("Status",), strip=True),
        Col("full_name", ("FullName",), strip=True),
    ),
    required_headers=("Date", "FullName"),
    event_time="followed_at",
    merge_key=(("followed_at", "status", "full_name"),),
)

CERTIFICATIONS = FileSpec(
    table="certifications",
    names=("certifications",),
    doc="Certifications on the owner's profile.",
    eras=(Era("2023+", ("Name", "Url", "Authority", "Started On", "Finished On",
                        "License Number"), "4.32"),),
    columns=(
        Col("name", ("Name",), strip=True),
        Col("url", ("Url",), strip=True),
        Col("authority", ("Authority",), strip=True),
        Col("started_on", ("Started On",), MONTH, **_POSITION_DATES),
        Col("finished_on", ("Finished On",), MONTH, **_POSITION_DATES),
        Col("license_number", ("License Number",), strip=True),
    ),
    extra_columns=(Col("started_on_precision", ()), Col("finished_on_precision", ())),
    required_headers=("Name", "Authority"),
    event_time="started_on",
    needed_by=("C9",),
    merge_key=(("name", "authority", "started_on"),),
    snapshot=True,
)

CATALOG: tuple[FileSpec, ...] = (
    CONNECTIONS, MESSAGES, INVITATIONS, PROFILE, POSITIONS, EDUCATION, SKILLS,
    ENDORSEMENTS_RECEIVED, ENDORSEMENTS_GIVEN, RECOMMENDATIONS_RECEIVED, RECOMMENDATIONS_GIVEN,
    SHARES, COMMENTS, REACTIONS, VOTES, JOB_APPLICATIONS, SAVED_JOBS, LEARNING, LOGINS,
    SEARCH_QUERIES, COMPANY_FOLLOWS, MEMBER_FOLLOWS, CERTIFICATIONS,
)

# Files that say the archive is a LinkedIn export even when no analysed file is present.
KNOWN_UNANALYSED = (
    "ad_targeting", "inferences_about_you", "registration", "rich_media", "videos",
    "email_addresses", "phonenumbers", "phone_numbers", "receipts", "receipts_v2", "events",
    "publications", "honors", "projects", "languages", "hashtag_follows", "saved_items",
    "account_status_history", "security_challenges", "ads_clicked", "lan_ads_engagement",
    "profile_summary", "savedjobalerts", "contacts", "imported_contacts", "job_seeker_preferences",
    "job_applicant_saved_screening_question_responses", "job_applicant_saved_answers",
    "learningcoachmessages", "verifications", "whatsapp_phone_numbers", "organizations",
    "volunteering", "courses", "testscores", "causes_you_care_about", "member_hashtags",
    "online_job_postings", "calendar", "reviews", "providers", "private_identity_asset",
    "instantreposts", "notes", "duolingo",
)


def spec_for(member_name: str) -> FileSpec | None:
    """The spec whose file-name pattern matches ``member_name`` (a basename), if any."""
    for spec in CATALOG:
        if spec.matches(member_name):
            return spec
    return None


def spec_by_table(table: str) -> FileSpec:
    for spec in CATALOG:
        if spec.table == table:
            return spec
    raise KeyError(table)
