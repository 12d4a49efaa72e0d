"""What the tests build from: the hostile corpus of mistakes and attacks a
content file can hold (each with the exact lines `make check` prints for it)
and a varied site of 80 bulletins for the whole-site comparisons. Grow the
corpus with every new kind of mistake or attack."""

from __future__ import annotations

from sitekit import Link

from secretary.checks.content import PLACEHOLDER

B = "content/bulletins"

# kind: (file inside content/, its text, the exact lines `make check` prints for it)
CORPUS: dict[str, tuple[str, str | bytes | Link, list[str]]] = {
    "missing title": (
        "bulletins/2020-01-02-no-title.md",
        "Date: 2020-01-02 10:00\n\nText.\n",
        [
            (
                f"{B}/2020-01-02-no-title.md:1: Title: missing or empty; "
                "add a line like `Title: Branch meeting on care budgets` at the top"
            )
        ],
    ),
    "empty title": (
        "bulletins/2020-01-03-empty-title.md",
        "Date: 2020-01-03 10:00\nTitle:\n\nText.\n",
        [
            (
                f"{B}/2020-01-03-empty-title.md:2: Title: missing or empty; "
                "add a line like `Title: Branch meeting on care budgets` at the top"
            )
        ],
    ),
    "unparseable date": (
        "bulletins/2020-01-04-bad-date.md",
        "Title: Bad date\nDate: 32/13/2020\n\nText.\n",
        [
            (
                f'{B}/2020-01-04-bad-date.md:2: Date: cannot read the date "32/13/2020"; '
                "write it as YYYY-MM-DD HH:MM, e.g. 2026-11-23 10:00"
            )
        ],
    ),
    "missing date": (
        "bulletins/no-date.md",
        "Title: No date\n\nText.\n",
        [
            (
                f"{B}/no-date.md:1: Date: missing; add a line like `Date: 2026-11-23 10:00`, "
                "or start the file name with the date (YYYY-MM-DD-)"
            )
        ],
    ),
    "impossible date in the file name": (
        "bulletins/2020-02-30-leap.md",
        "Title: Leap\nDate: 2020-02-28\n\nText.\n",
        [
            (
                f'{B}/2020-02-30-leap.md:1: File: the date in the file name, "2020-02-30", is not a real date; '
                "rename the file YYYY-MM-DD-name.md with a real date"
            )
        ],
    ),
    "future date without Status: draft (scheduled)": (
        "bulletins/2099-12-01-future.md",
        "Title: Future\nDate: 2099-12-01 10:00\n\nText.\n",
        [
            (
                f"{B}/2099-12-01-future.md:2: Date: scheduled for 1 December 2099 at 10:00: "
                'it appears on the live site that day; add "Status: draft" to hold it back'
            )
        ],
    ),
    "unknown care group": (
        "bulletins/2020-01-05-group.md",
        "Title: Group\nDate: 2020-01-05\nCare_groups: Older Adult, Mental Health\n\nText.\n",
        [f'{B}/2020-01-05-group.md:3: Care_groups: unknown care group "Older Adult"; did you mean "Older Adults"?'],
    ),
    "unknown champion": (
        "bulletins/2020-01-06-champion.md",
        "Title: Champion\nDate: 2020-01-06\nChampions: Helen Davis\n\nText.\n",
        [f'{B}/2020-01-06-champion.md:3: Champions: unknown champion "Helen Davis"; did you mean "Helen Davies"?'],
    ),
    "unknown series": (
        "bulletins/2020-01-09-budgets-3.md",
        "Title: Budgets 3\nDate: 2020-01-09\nSeries: Care budget\n\nText.\n",
        [f'{B}/2020-01-09-budgets-3.md:3: Series: unknown series "Care budget"; did you mean "Care budgets"?'],
    ),
    # In the same month, so at the same address (in another month it would be
    # another page: 2020/02/pay.html and 2020/03/pay.html).
    "duplicate slug": (
        "bulletins/2020-02-15-pay.md",
        "Title: Pay again\nDate: 2020-02-15\n\nThe second pay bulletin of February.\n",
        [
            (
                f'{B}/2020-02-15-pay.md:1: Slug: the web address "pay" is also used by {B}/2020-02-01-pay.md; '
                "give each bulletin its own (rename one of the files); until then the build leaves this one out"
            )
        ],
    ),
    "not UTF-8": (
        "bulletins/2020-01-10-latin.md",
        b"Title: Latin-1\nDate: 2020-01-10\n\nCaf\xe9 news.\n",
        [
            (
                f"{B}/2020-01-10-latin.md:4: File: is not saved as UTF-8 text, so some letters would show wrongly; "
                'in your editor use "Save as" and choose the encoding "UTF-8"'
            )
        ],
    ),
    "empty body": (
        "bulletins/2020-01-11-empty.md",
        "Title: Empty\nDate: 2020-01-11\n\n\n",
        [f"{B}/2020-01-11-empty.md:4: Body: empty; write the bulletin below the fields, after one empty line"],
    ),
    "{filename} link to a missing file": (
        "bulletins/2020-01-12-link.md",
        "Title: Link\nDate: 2020-01-12\n\nAsk [Helen]({filename}../champions/helen-davis.md).\n",
        [
            (
                f"{B}/2020-01-12-link.md:4: Body: the link {{filename}}../champions/helen-davis.md leads to a file "
                "that does not exist; did you mean {filename}../champions/helen-davies.md?"
            )
        ],
    ),
    "image without alt text": (
        "bulletins/2020-01-13-picture.md",
        "Title: Picture\nDate: 2020-01-13\n\nOur picket:\n\n![](images/picket.jpg)\n",
        [
            (
                f"{B}/2020-01-13-picture.md:6: Body: the image images/picket.jpg has no alt text; "
                "describe it between the square brackets: ![What the picture shows](images/picket.jpg)"
            )
        ],
    ),
    "HTML image without alt text": (
        "bulletins/2020-01-14-html-picture.md",
        'Title: HTML picture\nDate: 2020-01-14\n\n<img src="images/rally.png" alt="">\n',
        [
            (
                f"{B}/2020-01-14-html-picture.md:4: Body: the image images/rally.png has no alt text; "
                'add alt="what the picture shows" to the <img> tag'
            )
        ],
    ),
    "e-mail address of no champion": (
        "bulletins/2020-01-15-email.md",
        "Title: E-mail\nDate: 2020-01-15\n\nWrite to jo.bloggs@example.org with questions.\n",
        [
            (
                f"{B}/2020-01-15-email.md:4: Body: the e-mail address jo.bloggs@example.org is not a champion's or "
                "the branch's; remove it (personal data), or if it is a champion's, add "
                '"Email: jo.bloggs@example.org" to their file'
            )
        ],
    ),
    "phone number of no champion": (
        "bulletins/2020-01-16-phone.md",
        "Title: Phone\nDate: 2020-01-16\n\nRing Jo on 07700 900123 after six.\n",
        [
            (
                f"{B}/2020-01-16-phone.md:4: Body: the phone number 07700 900123 is not a champion's or the branch's; "
                'remove it (personal data), or if it is a champion\'s, add "Phone: 07700 900123" to their file'
            )
        ],
    ),
    "phone number in full-width figures": (
        "bulletins/2020-03-02-wide.md",
        "Title: Wide\nDate: 2020-03-02\n\nRing Jo on ０７７００ ９００１２３ after six.\n",
        [
            (
                f"{B}/2020-03-02-wide.md:4: Body: the phone number ０７７００ ９００１２３ is not a champion's or the "
                "branch's; remove it (personal data), or if it is a champion's, add "
                '"Phone: ０７７００ ９００１２３" to their file'
            )
        ],
    ),
    "personal data in a field": (
        "bulletins/2020-01-17-summary.md",
        "Title: Summary\nDate: 2020-01-17\nSummary: Call +44 20 7946 0999 today.\n\nText.\n",
        [
            (
                f"{B}/2020-01-17-summary.md:3: Summary: the phone number +44 20 7946 0999 is not a champion's or the "
                "branch's; remove it (personal data), or if it is a champion's, add \"Phone: +44 20 7946 0999\" to "
                "their file"
            )
        ],
    ),
    "<script>": (
        "bulletins/2020-01-18-script.md",
        "Title: Script\nDate: 2020-01-18\n\nHello.\n\n<script>alert(1)</script>\n",
        [
            (
                f"{B}/2020-01-18-script.md:6: Body: <script> is not allowed "
                "(it would run a program on readers' computers); remove it"
            )
        ],
    ),
    "<iframe>": (
        "bulletins/2020-01-19-iframe.md",
        'Title: Iframe\nDate: 2020-01-19\n\n<iframe src="https://video.example/x"></iframe>\n',
        [
            (
                f"{B}/2020-01-19-iframe.md:4: Body: <iframe> (a page or program inside the page) is not allowed; "
                "remove it and link to the page instead, e.g. [Watch the video](https://...)"
            )
        ],
    ),
    "on*= attribute": (
        "bulletins/2020-01-20-onclick.md",
        'Title: Onclick\nDate: 2020-01-20\n\nSee <a href="#x"\n   onclick="steal()">this</a>.\n',
        [f"{B}/2020-01-20-onclick.md:5: Body: the onclick= attribute is not allowed (it runs a program); remove it"],
    ),
    "javascript: link": (
        "bulletins/2020-01-21-js-link.md",
        "Title: JS link\nDate: 2020-01-21\n\n[Claim your rise](JavaScript:alert(1))\n",
        [
            (
                f'{B}/2020-01-21-js-link.md:4: Body: a "javascript:" link is not allowed (it runs a program); '
                "link to a web address starting with https:// instead"
            )
        ],
    ),
    "unknown status": (
        "bulletins/2020-01-22-status.md",
        "Title: Status\nDate: 2020-01-22\nStatus: drafts\n\nText.\n",
        [
            (
                f'{B}/2020-01-22-status.md:3: Status: unknown status "drafts"; write "Status: draft" to keep it off '
                "the live site, or remove the line to publish it"
            )
        ],
    ),
    "misspelt field name": (
        "bulletins/2020-01-23-field.md",
        "Title: Field\nDate: 2020-01-23\nChampion: Helen Davies\n\nText.\n",
        [f'{B}/2020-01-23-field.md:3: Champion: unknown field "Champion"; did you mean "Champions"?'],
    ),
    "field name with a space": (
        "bulletins/2020-01-24-space.md",
        "Title: Space\nDate: 2020-01-24\nCare groups: Older Adults\n\nText.\n",
        [
            (
                f"{B}/2020-01-24-space.md:3: Care groups: is not read as a field (field names have no spaces) "
                'and would show as text; write "Care_groups:" instead'
            )
        ],
    ),
    "field written twice": (
        "bulletins/2020-01-25-twice.md",
        "Title: Twice\nDate: 2020-01-25\nTitle: Twice again\n\nText.\n",
        [f"{B}/2020-01-25-twice.md:3: Title: written twice (also on line 1); keep only one Title line"],
    ),
    "web address with capitals and spaces": (
        "bulletins/2020-01-26-Pay Offer.md",
        "Title: Pay offer\nDate: 2020-01-26\n\nText.\n",
        [
            (
                f'{B}/2020-01-26-Pay Offer.md:1: Slug: the web address "Pay Offer" may only use small letters, digits '
                "and hyphens; rename the file 2020-01-26-pay-offer.md"
            )
        ],
    ),
    "example line left from make newpost": (
        "bulletins/2020-01-27-unwritten.md",
        f"Title: Unwritten\nDate: 2020-01-27\n\n{PLACEHOLDER}\n",
        [
            (
                f"{B}/2020-01-27-unwritten.md:4: Body: still has the example line from make newpost; replace it with "
                "the bulletin"
            )
        ],
    ),
    "champion's phone that is not a number": (
        "champions/jo-bloggs.md",
        "Title: Jo Bloggs\nCare_groups: Mental Health\nRole: Steward\nPhone: ask at reception\n\nJo.\n",
        [
            (
                'content/champions/jo-bloggs.md:4: Phone: "ask at reception" is not a phone number; '
                "write it like 020 8359 2088"
            )
        ],
    ),
    "champion naming an unknown care group": (
        "champions/sam-smith.md",
        "Title: Sam Smith\nCare_groups: Mental Helth\nRole: Steward\n\nSam.\n",
        [
            (
                'content/champions/sam-smith.md:2: Care_groups: unknown care group "Mental Helth"; '
                'did you mean "Mental Health"?'
            )
        ],
    ),
    "care-group file without a title": (
        "care-groups/carers.md",
        "Summary: Carers.\n\nCarers' services.\n",
        ["content/care-groups/carers.md:1: Title: missing or empty; add a line like `Title: Older Adults` at the top"],
    ),
    "two care-group files with one name": (
        "care-groups/older-people.md",
        "Title: older adults\n\nAgain.\n",
        [
            (
                'content/care-groups/older-people.md:1: Title: care group title "older adults" is already used by '
                "content/care-groups/older-adults.md; give each care group its own title"
            )
        ],
    ),
    # Contact details where they cannot be hidden: fields (printed in lists,
    # page descriptions and feeds) and pages, even a champion's own (Ann
    # Lee's number, in HELPERS, is not marked public; Maggi Myland's is).
    "a champion's phone number in a field": (
        "bulletins/2020-01-28-ring.md",
        "Title: Ring\nDate: 2020-01-28\nSummary: Questions? Ring Ann on 020 7946 0555.\n\nText.\n",
        [
            (
                f'{B}/2020-01-28-ring.md:3: Summary: contains the phone number "020 7946 0555"; contact details '
                "cannot be hidden in a summary: leave them out, or write them in the bulletin's text"
            )
        ],
    ),
    "a champion's e-mail address in a title": (
        "bulletins/2020-01-29-write.md",
        "Title: Write to ann.lee@branch.example\nDate: 2020-01-29\n\nText.\n",
        [
            (
                f'{B}/2020-01-29-write.md:1: Title: contains the e-mail address "ann.lee@branch.example"; contact '
                "details cannot be hidden in a title: leave them out, or write them in the bulletin's text"
            )
        ],
    ),
    "a champion's phone number in a page": (
        "pages/ring-ann.md",
        "Title: Ring Ann\n\nRing Ann Lee on 020 7946 0555.\n",
        [
            (
                'content/pages/ring-ann.md:3: Body: contains the phone number "020 7946 0555"; contact details '
                "cannot be hidden in a page: leave them out, or link to their page instead: "
                "[Ann Lee]({filename}../champions/ann-lee.md)"
            )
        ],
    ),
    # Values the build cannot read.
    "Series_index that is not a number": (
        "bulletins/2020-01-30-budgets-part.md",
        "Title: Budgets part\nDate: 2020-01-30\nSeries: Care budgets\nSeries_index: two\n\nText.\n",
        [
            (
                f'{B}/2020-01-30-budgets-part.md:4: Series_index: "two" is not a number; write the place in the '
                "series in figures, e.g. Series_index: 2"
            )
        ],
    ),
    "unreadable Modified date": (
        "bulletins/2020-01-31-changed.md",
        "Title: Changed\nDate: 2020-01-31\nModified: yesterday\n\nText.\n",
        [
            (
                f'{B}/2020-01-31-changed.md:3: Modified: cannot read the date "yesterday"; '
                "write it as YYYY-MM-DD HH:MM, e.g. 2026-11-23 10:00"
            )
        ],
    ),
    "a template for a bulletin": (
        "bulletins/2020-02-02-template.md",
        "Title: Template\nDate: 2020-02-02\nTemplate: nope\n\nText.\n",
        [f"{B}/2020-02-02-template.md:3: Template: is not a field of bulletins; remove the line"],
    ),
    "unknown template for a page": (
        "pages/officers.md",
        "Title: Officers\nTemplate: contacts\n\nText.\n",
        [
            (
                'content/pages/officers.md:2: Template: there is no template "contacts" for a page; leave the line '
                "out to use the usual one, or write one of: 404, contact, page, search"
            )
        ],
    ),
    # What the gates refuse in the built site (CSP and privacy).
    "style= attribute": (
        "bulletins/2020-02-03-red.md",
        'Title: Red\nDate: 2020-02-03\n\n<p style="color: red">Strike ballot</p>\n',
        [
            (
                f"{B}/2020-02-03-red.md:4: Body: the style= attribute is not allowed (the site's security settings "
                "make browsers ignore it); remove it"
            )
        ],
    ),
    "<style> element": (
        "bulletins/2020-02-04-style.md",
        "Title: Style\nDate: 2020-02-04\n\n<style>p { color: red }</style>\n\nText.\n",
        [
            (
                f"{B}/2020-02-04-style.md:4: Body: <style> is not allowed (the site's security settings make browsers "
                "ignore it); remove it"
            )
        ],
    ),
    "picture from another website": (
        "bulletins/2020-02-05-logo.md",
        "Title: Logo\nDate: 2020-02-05\n\n![UNISON logo](https://example.com/logo.png)\n",
        [
            (
                f"{B}/2020-02-05-logo.md:4: Body: the image https://example.com/logo.png is on another website, and "
                "the site loads nothing from other websites (that would tell them who reads the page); images must "
                "be part of the site: save the picture in content/images/ and link it with {static}/images/logo.png"
            )
        ],
    ),
    "HTML picture from another website": (
        "bulletins/2020-02-06-rally.md",
        'Title: Rally\nDate: 2020-02-06\n\n<img src="https://example.com/photos/rally.jpg" alt="The rally">\n',
        [
            (
                f"{B}/2020-02-06-rally.md:4: Body: the image https://example.com/photos/rally.jpg is on another "
                "website, and the site loads nothing from other websites (that would tell them who reads the page); "
                "images must be part of the site: save the picture in content/images/ and link it with "
                "{static}/images/rally.jpg"
            )
        ],
    ),
    "recording and style sheet from another website": (
        "bulletins/2020-02-07-talk.md",
        (
            "Title: Talk\nDate: 2020-02-07\n\n<audio controls><source src=https://example.com/talk.mp3></audio>\n\n"
            '<link rel="stylesheet" href="https://example.com/style.css">\n'
        ),
        [
            (
                f"{B}/2020-02-07-talk.md:4: Body: the <source> file https://example.com/talk.mp3 is on another "
                "website, and the site loads nothing from other websites (that would tell them who reads the page); "
                "remove it and link to it instead, e.g. [Play the recording](https://example.com/talk.mp3)"
            ),
            (
                f"{B}/2020-02-07-talk.md:6: Body: <link> is not allowed (it would load a style sheet or another file "
                "into the page); remove it"
            ),
        ],
    ),
    "<meta>": (
        "bulletins/2020-02-08-meta.md",
        'Title: Meta\nDate: 2020-02-08\n\n<meta http-equiv="refresh" content="0; url=https://example.com/">\n',
        [f"{B}/2020-02-08-meta.md:4: Body: <meta> is not allowed (it could send readers to another page); remove it"],
    ),
    "<base>": (
        "bulletins/2020-02-09-base.md",
        'Title: Base\nDate: 2020-02-09\n\n<base href="https://example.com/">\n',
        [
            (
                f"{B}/2020-02-09-base.md:4: Body: <base> is not allowed (it would change where every link on the page "
                "leads); remove it"
            )
        ],
    ),
    "<form>": (
        "bulletins/2020-02-10-survey.md",
        'Title: Survey\nDate: 2020-02-10\n\n<form action="https://example.com/survey"><input name="q"></form>\n',
        [
            (
                f"{B}/2020-02-10-survey.md:4: Body: <form> is not allowed (what readers type could be sent to another "
                "website); remove it and link to the form instead, e.g. [Fill in the survey](https://...)"
            ),
            (
                f"{B}/2020-02-10-survey.md:4: Body: <input> is not allowed in the text, so the build leaves it out; "
                "remove it"
            ),
        ],
    ),
    # Links that would print an address or number, even a champion's.
    "e-mail link to a champion": (
        "bulletins/2020-02-11-mailto.md",
        "Title: Mailto\nDate: 2020-02-11\n\nAsk [Ann](mailto:ann.lee@branch.example) about it.\n",
        [
            (
                f"{B}/2020-02-11-mailto.md:4: Body: the e-mail link mailto:ann.lee@branch.example is not allowed "
                "(it would show the address to programs that collect them); link to their page instead: "
                "[Ann Lee]({filename}../champions/ann-lee.md)"
            )
        ],
    ),
    "e-mail autolink": (
        "bulletins/2020-02-12-autolink.md",
        "Title: Autolink\nDate: 2020-02-12\n\nWrite to <ann.lee@branch.example>.\n",
        [
            (
                f"{B}/2020-02-12-autolink.md:4: Body: the e-mail link <ann.lee@branch.example> is not allowed "
                "(it would show the address to programs that collect them); link to their page instead: "
                "[Ann Lee]({filename}../champions/ann-lee.md)"
            )
        ],
    ),
    "phone link": (
        "bulletins/2020-02-13-tel.md",
        'Title: Tel\nDate: 2020-02-13\n\n<a href="tel:02083592088">Ring Maggi</a>\n',
        [
            (
                f"{B}/2020-02-13-tel.md:4: Body: the phone link tel:02083592088 is not allowed (it would show the "
                "number to programs that collect them); link to their page instead: "
                "[Maggi Myland]({filename}../champions/maggi-myland.md)"
            )
        ],
    ),
    # One phone number however it is written (caregroups/contacts.py): the
    # build hides each of these in a bulletin's text, so check allows them
    # there and nowhere else.
    "a champion's number in brackets, in a page": (
        "pages/ring-the-office.md",
        "Title: Ring the office\n\nAnn Lee: (020) 7946 0555.\n",
        [
            (
                'content/pages/ring-the-office.md:3: Body: contains the phone number "(020) 7946 0555"; contact '
                "details cannot be hidden in a page: leave them out, or link to their page instead: "
                "[Ann Lee]({filename}../champions/ann-lee.md)"
            )
        ],
    ),
    "a champion's number as dialled from abroad, in a summary": (
        "bulletins/2020-02-14-abroad.md",
        "Title: Abroad\nDate: 2020-02-14\nSummary: From abroad ring Ann on +44 (0)20 7946 0555.\n\nText.\n",
        [
            (
                f'{B}/2020-02-14-abroad.md:3: Summary: contains the phone number "+44 (0)20 7946 0555"; contact '
                "details cannot be hidden in a summary: leave them out, or write them in the bulletin's text"
            )
        ],
    ),
    "a number with the international prefix 00, of no champion": (
        "bulletins/2020-02-15-zero-zero.md",
        "Title: Zero zero\nDate: 2020-02-15\n\nJo, in Spain: 0044 7700 900123.\n",
        [
            (
                f"{B}/2020-02-15-zero-zero.md:4: Body: the phone number 0044 7700 900123 is not a champion's or the "
                "branch's; remove it (personal data), or if it is a champion's, add \"Phone: 0044 7700 900123\" to "
                "their file"
            )
        ],
    ),
    "e-mail address in letters of another alphabet": (
        "bulletins/2020-02-16-accent.md",
        "Title: Accent\nDate: 2020-02-16\n\nWrite to josé@example.org.\n",
        [
            (
                f"{B}/2020-02-16-accent.md:4: Body: the e-mail address josé@example.org is not a champion's or the "
                "branch's; remove it (personal data), or if it is a champion's, add \"Email: josé@example.org\" to "
                "their file"
            )
        ],
    ),
    # Pelican's own answers: a status in capitals is not one it knows.
    # The care-group and champion files, by the caregroups plugin's rules.
    "champion's e-mail that is not an address": (
        "champions/kim-lowe.md",
        "Title: Kim Lowe\nCare_groups: Back office\nEmail: kim at the branch\n\nKim.\n",
        [
            (
                'content/champions/kim-lowe.md:3: Email: "kim at the branch" is not an e-mail address; write it like '
                "name@example.org"
            )
        ],
    ),
    "champion's Until date that cannot be read": (
        "champions/lee-park.md",
        "Title: Lee Park\nCare_groups: Back office\nSince: 2019-01-01\nUntil: next spring\n\nLee.\n",
        [
            (
                'content/champions/lee-park.md:4: Until: cannot read the date "next spring"; write it as YYYY-MM-DD, '
                "e.g. 2008-04-21"
            )
        ],
    ),
    "a date in a champion's file": (
        "champions/max-rowe.md",
        "Title: Max Rowe\nCare_groups: Back office\nDate: soon\n\nMax.\n",
        ["content/champions/max-rowe.md:3: Date: is not a field of champion files; remove the line"],
    ),
    # --- Fields and the block they are written in (plugins/rulebook/rules/fields.py). A word in capitals
    # ending in "CANARY" is in LEAKS below: it must reach no published page, feed, sitemap or search index.
    "Save_as over the home page": (
        "bulletins/2020-04-01-over.md",
        "Title: Over\nDate: 2020-04-01\nSave_as: index.html\n\nPhishing link.\n",
        [
            (
                f"{B}/2020-04-01-over.md:3: Save_as: a file may not choose its own web address (it could replace "
                "another page); remove the line: the address comes from the file name"
            )
        ],
    ),
    "URL holding a script": (
        "bulletins/2020-04-02-url.md",
        'Title: Link\nDate: 2020-04-02\nURL: "><script src=/images/URLCANARY.js></script>\n\nText.\n',
        [
            (
                f"{B}/2020-04-02-url.md:3: URL: a file may not choose its own web address (it could replace "
                "another page); remove the line: the address comes from the file name"
            )
        ],
    ),
    "a draft with Save_as": (
        "bulletins/2020-04-03-secret.md",
        "Title: Secret\nDate: 2020-04-03\nStatus: draft\nSave_as: 2020/04/secret.html\n\nDRAFTCANARY words.\n",
        [
            (
                f"{B}/2020-04-03-secret.md:4: Save_as: a file may not choose its own web address (it could replace "
                "another page); remove the line: the address comes from the file name"
            )
        ],
    ),
    "a draft page with Save_as": (
        "pages/plans.md",
        "Title: Plans\nStatus: draft\nSave_as: pages/plans.html\n\nPAGECANARY plans.\n",
        [
            (
                "content/pages/plans.md:3: Save_as: a file may not choose its own web address (it could replace "
                "another page); remove the line: the address comes from the file name"
            )
        ],
    ),
    "a space before the colon of Status": (
        "bulletins/2020-04-04-spaced.md",
        "Title: Spaced\nDate: 2020-04-04\nStatus : draft\nCare_groups: Older Adults\n\nSPACECANARY words.\n",
        [
            (
                f"{B}/2020-04-04-spaced.md:3: Status: is not read as a field (no space may come before the colon) and "
                'would show as text; write "Status:" instead'
            ),
            f"{B}/2020-04-04-spaced.md:4: Care_groups: is not read as a field either (see line 3)",
        ],
    ),
    "a full-width colon after Status": (
        "bulletins/2020-04-05-fullwidth.md",
        "Title: Full width\nDate: 2020-04-05\nStatus\uff1a draft\n\nWIDECANARY words.\n",
        [
            (
                f"{B}/2020-04-05-fullwidth.md:3: Status: is not read as a field (the colon is not an ordinary "
                'colon) and would show as text; write "Status:" instead'
            )
        ],
    ),
    "an empty line inside the fields": (
        "bulletins/2020-04-06-gap.md",
        "Title: Gap\nDate: 2020-04-06\n\nStatus: draft\nCare_groups: Older Adults\n\nGAPCANARY words.\n",
        [
            (
                f"{B}/2020-04-06-gap.md:4: Status: is not read as a field, because of the empty line above it "
                "(line 3); remove that empty line: the fields must be one block"
            ),
            f"{B}/2020-04-06-gap.md:5: Care_groups: is not read as a field either (see line 4)",
        ],
    ),
    "Status: draft written in the text": (
        "bulletins/2020-04-07-late.md",
        "Title: Late\nDate: 2020-04-07\n\nFirst paragraph.\n\nStatus: draft\n\nLATECANARY words.\n",
        [
            (
                f"{B}/2020-04-07-late.md:6: Status: is written in the text, so it is not read as a field (the file "
                "is held back as a draft until then); move the line up into the block of fields at the top"
            )
        ],
    ),
    "a misspelt Status": (
        "bulletins/2020-04-08-stauts.md",
        "Title: Stauts\nDate: 2020-04-08\nStauts: draft\n\nSTAUTSCANARY words.\n",
        [f'{B}/2020-04-08-stauts.md:3: Stauts: unknown field "Stauts"; did you mean "Status"?'],
    ),
    "a field no file may use": (
        "bulletins/2020-04-09-venue.md",
        "Title: Venue\nDate: 2020-04-09\nVenue: Town hall\n\nText.\n",
        [
            (
                f'{B}/2020-04-09-venue.md:3: Venue: unknown field "Venue"; remove the line, or write it in the '
                "text (bulletins use: Title, Summary, Status, Slug, Date, Modified, Category, Tags, Author, Authors, "
                "Care_groups, Champions, Series, Series_index, Address, Old_addresses)"
            )
        ],
    ),
    "a second language": (
        "bulletins/2020-04-10-lang.md",
        "Title: Langue\nDate: 2020-04-10\nLang: fr\nTranslation: true\n\nTexte.\n",
        [
            f"{B}/2020-04-10-lang.md:3: Lang: this site is in one language; remove the line",
            f"{B}/2020-04-10-lang.md:4: Translation: this site is in one language; remove the line",
        ],
    ),
    "a field of another kind of file": (
        "pages/roles.md",
        "Title: Roles\nRole: Steward\n\nText.\n",
        ["content/pages/roles.md:2: Role: is not a field of pages; remove the line"],
    ),
    "a champion's Slug holding markup": (
        "champions/evil-champ.md",
        'Title: Evil Champ\nSlug: x"><i>SLUGCANARY\nCare_groups: Back office\n\nHi.\n',
        [
            (
                'content/champions/evil-champ.md:2: Slug: the web address "x"><i>SLUGCANARY" may only use small '
                'letters, digits and hyphens; write "Slug: xslugcanary"'
            )
        ],
    ),
    "a bulletin's file name holding markup": (
        'bulletins/2020-04-11-a"onmouseover=alert(1).md',
        "Title: Quote\nDate: 2020-04-11\n\nText.\n",
        [
            (
                f'{B}/2020-04-11-a"onmouseover=alert(1).md:1: Slug: the web address "a"onmouseover=alert(1)" may only '
                "use small letters, digits and hyphens; rename the file 2020-04-11-aonmouseoveralert1.md"
            )
        ],
    ),
    "a field line that starts with spaces": (
        "bulletins/2020-04-19-indented.md",
        "Title: Indented\n    Date: 2020-04-19\n\nText.\n",
        [
            (
                f"{B}/2020-04-19-indented.md:2: Date: starts with spaces, so it is read as more of the Title line "
                "above; remove the spaces at the start of the line"
            )
        ],
    ),
    "a title over two lines": (
        "bulletins/2020-04-20-long-title.md",
        "Title: A long title\n    that goes on\nDate: 2020-04-20\n\nText.\n",
        [f"{B}/2020-04-20-long-title.md:1: Title: is written over more than one line; write it on one line"],
    ),
    # --- HTML the text may hold (plugins/rulebook/markup.py): every build leaves the rest out.
    "a style sheet loaded from the site": (
        "bulletins/2020-04-12-restyle.md",
        'Title: Restyle\nDate: 2020-04-12\n\n<link rel="stylesheet" href="{static}/images/STYLECANARY.css">\n\nText.\n',
        [
            (
                f"{B}/2020-04-12-restyle.md:4: Body: <link> is not allowed (it would load a style sheet or another "
                "file into the page); remove it"
            ),
            (
                f"{B}/2020-04-12-restyle.md:4: Body: the link {{static}}/images/STYLECANARY.css leads to a file that "
                "does not exist; check the file name in content/"
            ),
        ],
    ),
    "an element outside the allow-list": (
        "bulletins/2020-04-13-marquee.md",
        'Title: Marquee\nDate: 2020-04-13\n\n<marquee class="MARQUEECANARY">News</marquee> <dialog open>x</dialog>\n',
        [
            (
                f"{B}/2020-04-13-marquee.md:4: Body: <dialog> is not allowed in the text, so the build leaves it out; "
                "remove it"
            ),
            (
                f"{B}/2020-04-13-marquee.md:4: Body: <marquee> is not allowed in the text, so the build leaves it out; "
                "remove it"
            ),
        ],
    ),
    "a drawing holding a program": (
        "bulletins/2020-04-14-drawing.md",
        'Title: Drawing\nDate: 2020-04-14\n\n<svg><circle r="5"/><script>alert("SVGCANARY")</script></svg>\n',
        [
            (
                f"{B}/2020-04-14-drawing.md:4: Body: <script> is not allowed (it would run a program on readers' "
                "computers); remove it"
            ),
            (
                f"{B}/2020-04-14-drawing.md:4: Body: <svg> is not allowed (a drawing written into the page can hold a "
                "program); save the picture as PNG in the images folder and show it with "
                "![What it shows]({static}/images/name.png)"
            ),
        ],
    ),
    "an attribute outside the allow-list": (
        "bulletins/2020-04-15-attribute.md",
        'Title: Attribute\nDate: 2020-04-15\n\n<a href="https://www.unison.org.uk/" target="_top" ping="https://x.example/PINGCANARY">UNISON</a>\n',
        [
            (
                f"{B}/2020-04-15-attribute.md:4: Body: the ping= attribute of <a> is not allowed, so the build leaves "
                "it out; remove it"
            ),
            (
                f"{B}/2020-04-15-attribute.md:4: Body: the target= attribute of <a> is not allowed, so the build "
                "leaves it out; remove it"
            ),
        ],
    ),
    "a javascript: link over two lines": (
        "bulletins/2020-04-16-twoline.md",
        "Title: Two lines\nDate: 2020-04-16\n\n<a href=\"java\nscript:alert('JSCANARY')\">Click</a>\n",
        [
            (
                f'{B}/2020-04-16-twoline.md:4: Body: a "javascript:" link is not allowed (it runs a program); link '
                "to a web address starting with https:// instead"
            )
        ],
    ),
    # --- Links inside the site written as addresses (secretary/checks/content.py).
    "a link to a page written as its address": (
        "bulletins/2020-04-17-address.md",
        "Title: Address\nDate: 2020-04-17\n\nSee [us](../pages/about.html) and [Helen](/champions/helen-davies/).\n",
        [
            (
                f"{B}/2020-04-17-address.md:4: Body: the link ../pages/about.html is written as an address, which "
                "breaks when pages move; write {filename}../pages/about.md instead"
            ),
            (
                f"{B}/2020-04-17-address.md:4: Body: the link /champions/helen-davies/ is written as an address, "
                "which breaks when pages move; write {filename}../champions/helen-davies.md instead"
            ),
        ],
    ),
    "a picture written as its address": (
        "bulletins/2020-04-18-picture-address.md",
        "Title: Picture\nDate: 2020-04-18\n\n![Members at the rally](../images/rally.jpg)\n",
        [
            (
                f"{B}/2020-04-18-picture-address.md:4: Body: the picture ../images/rally.jpg is written as an "
                "address, which breaks when pages move; write {static}/images/rally.jpg instead"
            )
        ],
    ),
    # Files that are not what they seem (plugins/rulebook/rules/files.py): links, static files of other
    # types, files Pelican leaves out, control characters, Word paste; and dates written year first
    # (plugins/rulebook/dates.py).
    "a link in images/ to a file of the machine": (
        "images/passwd.png",
        Link("/etc/passwd"),
        [
            (
                "content/images/passwd.png: File: is a link to another file (/etc/passwd), and the site publishes "
                "nothing through a link; copy the file itself into content/images/ instead"
            ),
        ],
    ),
    "a link in images/ to a folder of drafts": (
        "images/all-bulletins",
        Link("../bulletins"),
        [
            (
                "content/images/all-bulletins: File: is a link to a folder (../bulletins), and the site publishes "
                "nothing through a link; copy the files themselves into content/images/ instead"
            ),
        ],
    ),
    "a bulletin that is a link to the build's environment": (
        "bulletins/2020-03-11-environment.md",
        Link("/proc/self/environ"),
        [
            (
                f"{B}/2020-03-11-environment.md: File: is a link to another file (/proc/self/environ), and the "
                "site publishes nothing through a link; copy the file itself into content/bulletins/ instead"
            ),
        ],
    ),
    "an SVG picture with a script": (
        "images/logo.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>\n',
        [
            (
                "content/images/logo.svg: File: is an SVG picture, which can hold a program that would run on the "
                "site, so it is not published; save it as a PNG picture instead (logo.png: most drawing programs "
                "have Export, PNG)"
            ),
        ],
    ),
    "a web page in images/": (
        "images/offer.htm",
        "<p>Claim your rise</p><script>steal()</script>\n",
        [
            (
                "content/images/offer.htm: File: is a web page (or XML), which would run as a page of the site, "
                "so it is not published; write it as a page in content/pages/ instead, or save it as a PDF "
                "(offer.pdf)"
            ),
        ],
    ),
    "a script in images/": (
        "images/steal.js",
        "steal();\n",
        [
            (
                "content/images/steal.js: File: is a program or style sheet, which the site does not publish from "
                "content/; remove it"
            ),
        ],
    ),
    "a file of another type in images/": (
        "images/minutes.txt",
        "Minutes.\n",
        [
            (
                'content/images/minutes.txt: File: is a ".txt" file, which the site does not publish; only '
                "pictures (.png, .jpg, .gif, .webp, .avif), PDF documents (.pdf) and recordings (.mp3, .m4a, "
                ".mp4, .webm) are published: save it as one of those"
            ),
        ],
    ),
    "a bulletin saved as .txt": (
        "bulletins/2020-03-12-pay.txt",
        "Title: Pay\nDate: 2020-03-12\n\nText.\n",
        [
            (
                f'{B}/2020-03-12-pay.txt: File: is saved as a text file (".txt", as Notepad does), so the site '
                "leaves it out; rename it to 2020-03-12-pay.md"
            ),
        ],
    ),
    "a bulletin saved as .md.txt by Notepad": (
        "bulletins/2020-03-13-meeting.md.txt",
        "Title: Meeting\nDate: 2020-03-13\n\nText.\n",
        [
            (
                f'{B}/2020-03-13-meeting.md.txt: File: is saved as a text file (".txt", as Notepad does), so the '
                "site leaves it out; rename it to 2020-03-13-meeting.md"
            ),
        ],
    ),
    "a Word document among the bulletins": (
        "bulletins/minutes.docx",
        b"PK\x03\x04 Word",
        [
            (
                f"{B}/minutes.docx: File: is a Word document, which the site cannot read; open it, copy the text "
                "into a new file named content/bulletins/minutes.md (with the fields at the top), and remove this "
                "one"
            ),
        ],
    ),
    "a bulletin with its file type in capitals": (
        "bulletins/2020-03-14-ballot.MD",
        "Title: Ballot\nDate: 2020-03-14\n\nText.\n",
        [
            (
                f'{B}/2020-03-14-ballot.MD: File: has its file type in capitals (".MD"), so the site leaves it '
                "out; rename it to 2020-03-14-ballot.md"
            ),
        ],
    ),
    "an HTML bulletin": (
        "bulletins/2020-03-15-offer.html",
        "<html><head><title>Offer</title></head><body><script>steal()</script></body></html>\n",
        [
            (
                f'{B}/2020-03-15-offer.html: File: is not a Markdown file (".html"), so the site leaves it out; '
                "copy its text into a new file named content/bulletins/2020-03-15-offer.md, and remove this one"
            ),
        ],
    ),
    "a NUL character": (
        "bulletins/2020-03-16-nul.md",
        "Title: Nul\nDate: 2020-03-16\n\nPay\x00 offer.\n",
        [
            (
                f"{B}/2020-03-16-nul.md:4: Body: contains an invisible NUL character, which the site cannot "
                "publish; retype the line"
            ),
        ],
    ),
    "a line break pasted from Word (vertical tab)": (
        "bulletins/2020-03-17-shift-enter.md",
        "Title: Shift Enter\nDate: 2020-03-17\n\nFirst line\x0bsecond line.\n",
        [
            (
                f"{B}/2020-03-17-shift-enter.md:4: Body: contains a line break pasted from Word (a vertical tab), "
                "which the site cannot publish; retype the line, pressing Enter where it should break"
            ),
        ],
    ),
    "a page break in a champion's field": (
        "champions/pat-cole.md",
        "Title: Pat Cole\nCare_groups: Back office\nRole: Steward\x0c\n\nPat.\n",
        [
            (
                "content/champions/pat-cole.md:3: Role: contains a page break (a form feed), which the site "
                "cannot publish; retype the line"
            ),
        ],
    ),
    "a paragraph indented with a tab (Word)": (
        "bulletins/2020-03-18-indent.md",
        (
            "Title: Indent\nDate: 2020-03-18\n\n\tThe council has offered 3%.\n\nWe say no.\n\n```\n\tkept as "
            "code\n```\n"
        ),
        [
            (
                f"{B}/2020-03-18-indent.md:4: Body: starts with a tab (Word's first-line indent), which would show "
                "the paragraph as a cut-off block of code; remove the tab at the start of the line"
            ),
        ],
    ),
    "bullets pasted from Word": (
        "bulletins/2020-03-19-bullets.md",
        ("Title: Bullets\nDate: 2020-03-19\n\nWe ask for:\n•\tA fair rise\n•  Safe staffing\n\n- a real list\n"),
        [
            (
                f'{B}/2020-03-19-bullets.md:5: Body: starts with a "•" bullet pasted from Word, which would run '
                'into the lines around it as one paragraph; start the line with "- " for a list, after an empty '
                "line"
            ),
            (
                f'{B}/2020-03-19-bullets.md:6: Body: starts with a "•" bullet pasted from Word, which would run '
                'into the lines around it as one paragraph; start the line with "- " for a list, after an empty '
                "line"
            ),
        ],
    ),
    "a date written the UK way": (
        "bulletins/2020-03-20-uk-date.md",
        "Title: UK date\nDate: 01/12/2026\n\nText.\n",
        [
            (
                f'{B}/2020-03-20-uk-date.md:2: Date: write the date year first, as YYYY-MM-DD: if "01/12/2026" '
                "means 1 December 2026, write 2026-12-01"
            ),
        ],
    ),
    "a date with a month name and a time": (
        "bulletins/2020-03-21-month.md",
        "Title: Month\nDate: 1 Dec 2026 10:00\n\nText.\n",
        [
            (
                f'{B}/2020-03-21-month.md:2: Date: write the date year first, as YYYY-MM-DD HH:MM: if "1 Dec 2026 '
                '10:00" means 1 December 2026 at 10:00, write 2026-12-01 10:00'
            ),
        ],
    ),
    "a Modified date in month-day-year order": (
        "bulletins/2020-03-22-changed.md",
        "Title: Changed\nDate: 2020-03-22\nModified: 12-01-2026\n\nText.\n",
        [
            (
                f'{B}/2020-03-22-changed.md:3: Modified: write the date year first, as YYYY-MM-DD: if "12-01-2026" '
                "means 12 January 2026, write 2026-01-12"
            ),
        ],
    ),
    "a page's date written the UK way": (
        "pages/history.md",
        "Title: History\nDate: 21/04/2008\n\nText.\n",
        [
            (
                'content/pages/history.md:2: Date: write the date year first, as YYYY-MM-DD: if "21/04/2008" '
                "means 21 April 2008, write 2008-04-21"
            ),
        ],
    ),
    "a champion's Since written the UK way": (
        "champions/ray-dunn.md",
        "Title: Ray Dunn\nCare_groups: Back office\nSince: 21/04/2008\n\nRay.\n",
        [
            (
                "content/champions/ray-dunn.md:3: Since: write the date year first, as YYYY-MM-DD: if "
                '"21/04/2008" means 21 April 2008, write 2008-04-21'
            ),
        ],
    ),
    "a date that does not exist": (
        "bulletins/2020-03-23-leap.md",
        "Title: Leap\nDate: 2021-02-29 10:00\n\nText.\n",
        [
            (
                f'{B}/2020-03-23-leap.md:2: Date: "2021-02-29 10:00" is not a real date; write it as YYYY-MM-DD '
                "HH:MM, e.g. 2026-11-23 10:00"
            ),
        ],
    ),
    # Personal data: one notion of a phone number, found in what Pelican read
    # (the rendered text, the attributes a reader sees, every field as read).
    "a number of no champion in bold, across two lines": (
        "bulletins/2020-03-10-bold.md",
        "Title: Bold\nDate: 2020-03-10\n\nRing Jo on **07700**\n900123 after six.\n",
        [
            (
                f"{B}/2020-03-10-bold.md:4: Body: the phone number 07700 900123 is not a champion's or the branch's; "
                'remove it (personal data), or if it is a champion\'s, add "Phone: 07700 900123" to their file'
            )
        ],
    ),
    "a number written with character references and &nbsp;": (
        "bulletins/2020-03-11-entities.md",
        "Title: Entities\nDate: 2020-03-11\n\nRing Jo on &#48;7700&nbsp;900&#x31;23 after six.\n",
        [
            (
                f"{B}/2020-03-11-entities.md:4: Body: the phone number 07700 900123 is not a champion's or the "
                "branch's; remove it (personal data), or if it is a champion's, add \"Phone: 07700 900123\" to their "
                "file"
            )
        ],
    ),
    "a number with en dashes, of no champion": (
        "bulletins/2020-03-12-dashes.md",
        "Title: Dashes\nDate: 2020-03-12\n\nRing Jo on 07700\u2013900\u2013123 after six.\n",
        [
            (
                f"{B}/2020-03-12-dashes.md:4: Body: the phone number 07700\u2013900\u2013123 is not a champion's or "
                "the branch's; remove it (personal data), or if it is a champion's, add "
                '"Phone: 07700\u2013900\u2013123" to their file'
            )
        ],
    ),
    "a number in an image's alt text": (
        "bulletins/2020-03-13-alt.md",
        "Title: Alt\nDate: 2020-03-13\n\n![Poster: ring 07700 900123]({static}/images/poster.png)\n",
        [
            (
                f"{B}/2020-03-13-alt.md:4: Body: the phone number 07700 900123 in the alt text of an image is not a "
                "champion's or the branch's; remove it (personal data), or if it is a champion's, add "
                '"Phone: 07700 900123" to their file'
            )
        ],
    ),
    "a champion's number in a link's title": (
        "bulletins/2020-03-14-title.md",
        'Title: Link title\nDate: 2020-03-14\n\nAsk [Maggi](https://www.unison.org.uk/ "Ring 0208.359.2088").\n',
        [
            (
                f'{B}/2020-03-14-title.md:4: Body: contains the phone number "0208.359.2088"; contact details cannot '
                "be hidden in a title= text (shown when the pointer rests on it): leave them out, or write them in "
                "the bulletin's text"
            )
        ],
    ),
    "a mobile number in a champion's Role": (
        "champions/pat-quinn.md",
        "Title: Pat Quinn\nCare_groups: Back office\nRole: Steward, mobile 07700 900456\n\nPat.\n",
        [
            (
                "content/champions/pat-quinn.md:3: Role: the phone number 07700 900456 is not a champion's or the "
                "branch's; remove it (personal data), or if it is a champion's, add \"Phone: 07700 900456\" to their "
                "file"
            )
        ],
    ),
    "a number in a care group's summary": (
        "care-groups/finance.md",
        "Title: Finance\nSummary: Ring the team on (020) 7946 0321.\n\nFinance.\n",
        [
            (
                "content/care-groups/finance.md:2: Summary: the phone number (020) 7946 0321 is not a champion's or "
                "the branch's; remove it (personal data), or if it is a champion's, add \"Phone: (020) 7946 0321\" to "
                "their file"
            )
        ],
    ),
    "a champion's Phone with two numbers": (
        "champions/sam-reid.md",
        "Title: Sam Reid\nCare_groups: Back office\nPhone: 020 7946 0555 or 07700 900555\n\nSam.\n",
        [
            (
                'content/champions/sam-reid.md:3: Phone: "020 7946 0555 or 07700 900555" holds 2 phone numbers; give '
                "one number per champion, e.g. Phone: 020 7946 0555"
            )
        ],
    ),
    # -- commands, headers and the browser sweep: what every build leaves out
    # of a body (the allow-list, plugins/rulebook/markup.py), though make html builds it.
    "javascript: link with a tab inside the scheme": (
        "bulletins/2020-03-01-tab-link.md",
        "Title: Tab link\nDate: 2020-03-01\n\nRead [the notice](java&#9;script:alert(1)).\n",
        [
            (
                f'{B}/2020-03-01-tab-link.md:4: Body: a "javascript:" link is not allowed (it runs a program); '
                "link to a web address starting with https:// instead"
            )
        ],
    ),
    "<svg> drawn in a body with an onload= handler": (
        "bulletins/2020-03-02-svg.md",
        'Title: Drawing\nDate: 2020-03-02\n\nA circle.\n\n<svg onload="alert(1)"><circle r="2"/></svg>\n',
        [
            (
                f"{B}/2020-03-02-svg.md:6: Body: <svg> is not allowed (a drawing written into the page can hold a "
                "program); save the picture as PNG in the images folder and show it with "
                "![What it shows]({static}/images/name.png)"
            ),
            f"{B}/2020-03-02-svg.md:6: Body: the onload= attribute is not allowed (it runs a program); remove it",
        ],
    ),
    # --- Found by a break-it review.
    "a bulletin called Index": (
        "bulletins/2020-04-21-index.md",
        "Title: Index\nDate: 2020-04-21\n\nText.\n",
        [
            (
                f'{B}/2020-04-21-index.md:1: Slug: the web address "index" is the address of the month\'s list of '
                "bulletins; rename the file 2020-04-21-index-bulletin.md"
            )
        ],
    ),
    "a hidden bulletin": (
        "bulletins/2020-04-22-quiet.md",
        "Title: Quiet\nDate: 2020-04-22\nStatus: hidden\n\nHIDDENCANARY words.\n",
        [
            (
                f"{B}/2020-04-22-quiet.md:3: Status: a bulletin cannot be hidden (it would still be on the live site "
                'for anyone with its address); write "Status: draft" to keep it off the live site, or remove the line '
                "to publish it"
            )
        ],
    ),
    "a zero-width space inside Status": (
        "bulletins/2020-04-23-zwsp.md",
        "Title: Invisible\nDate: 2020-04-23\nSta\u200btus: draft\n\nZWSPCANARY words.\n",
        [
            (
                f"{B}/2020-04-23-zwsp.md:3: Status: contains an invisible zero-width space, which the site cannot "
                "publish; retype the line"
            )
        ],
    ),
    "a soft hyphen inside a phone number": (
        "bulletins/2020-04-24-shy.md",
        "Title: Soft\nDate: 2020-04-24\n\nRing Bo on 07923\u00ad456789 today.\n",
        [
            (
                f"{B}/2020-04-24-shy.md:4: Body: contains an invisible soft hyphen, which the site cannot publish; "
                "retype the line"
            ),
            (
                f"{B}/2020-04-24-shy.md:4: Body: the phone number 07923456789 is not a champion's or the branch's; "
                'remove it (personal data), or if it is a champion\'s, add "Phone: 07923456789" to their file'
            ),
        ],
    ),
    "a picture whose name holds markup": (
        'images/y"><meta http-equiv="refresh" content="0">.png',
        b"\x89PNG\r\n\x1a\n",
        [
            (
                'content/images/y"><meta http-equiv="refresh" content="0">.png: File: the name may only use letters, '
                "digits, hyphens, underscores and dots (it is part of a web address), so the file is not published; "
                "rename it to y.png"
            )
        ],
    ),
    "a picture from another website written with backslashes": (
        "bulletins/2020-04-25-backslash.md",
        'Title: Backslash\nDate: 2020-04-25\n\n<img src="\\\\evil.example\\BACKSLASHCANARY.png" alt="A poster">\n',
        [
            (
                f"{B}/2020-04-25-backslash.md:4: Body: the image \\\\evil.example\\BACKSLASHCANARY.png is on another "
                "website, and the site loads nothing from other websites (that would tell them who reads the page); "
                "images must be part of the site: save the picture in content/images/ and link it with "
                "{static}/images/BACKSLASHCANARY.png"
            )
        ],
    ),
    "a link from the root of the web address": (
        "bulletins/2020-04-26-root.md",
        "Title: Root\nDate: 2020-04-26\n\nSee [the minutes](/pages/minutes.html).\n",
        [
            (
                f"{B}/2020-04-26-root.md:4: Body: the link /pages/minutes.html starts with /, which leads nowhere on "
                "the live site; link to the file with {filename} (a bulletin or page) or {static} (a picture), or "
                "write the page's address from this page"
            )
        ],
    ),
    "a {static} link to a content file": (
        "bulletins/2020-04-27-static-md.md",
        "Title: Static\nDate: 2020-04-27\n\nSee [her page]({static}../champions/ann-lee.md).\n",
        [
            (
                f"{B}/2020-04-27-static-md.md:4: Body: the link {{static}}../champions/ann-lee.md names a content "
                "file, which is not published as it is; write {filename}../champions/ann-lee.md instead"
            )
        ],
    ),
    "a link to a draft": (
        "bulletins/2020-04-28-to-draft.md",
        "Title: To draft\nDate: 2020-04-28\n\nSee [the plan]({filename}2020-01-09-plan.md).\n",
        [
            (
                f"{B}/2020-04-28-to-draft.md:4: Body: the link {{filename}}2020-01-09-plan.md leads to a draft, "
                "which is not on the live site; publish that first, or remove the link"
            )
        ],
    ),
    # -- personal data in web addresses, names and headings (caregroups/contacts.py
    # reads a web address or a name as a program does; rulebook/rules/personal.py).
    "a WhatsApp link to someone's number": (
        "bulletins/2020-05-10-whatsapp.md",
        "Title: WhatsApp\nDate: 2020-05-10\n\nJoin the group on [WhatsApp](https://wa.me/447945678901).\n",
        [
            (
                f"{B}/2020-05-10-whatsapp.md:4: Body: the phone number +447945678901 in a link's web address (href=) "
                "is not a champion's or the branch's; remove it (personal data), or if it is a champion's, add "
                '"Phone: +447945678901" to their file'
            )
        ],
    ),
    "a tel: address in a quotation's cite=": (
        "bulletins/2020-05-11-cite.md",
        'Title: Cite\nDate: 2020-05-11\n\n<blockquote cite="tel:07967890123">We won.</blockquote>\n',
        [
            (
                f"{B}/2020-05-11-cite.md:4: Body: the phone number 07967890123 in a cite= web address is not a "
                "champion's or the branch's; remove it (personal data), or if it is a champion's, add \"Phone: "
                '07967890123" to their file'
            )
        ],
    ),
    "an address and a number in a form's query": (
        "bulletins/2020-05-12-query.md",
        (
            "Title: Query\nDate: 2020-05-12\n\nFill in "
            "[the form](https://example.com/form?email=carol@example.com&phone=07956789012).\n"
        ),
        [
            (
                f"{B}/2020-05-12-query.md:4: Body: the e-mail address carol@example.com in a link's web address "
                "(href=) is not a champion's or the branch's; remove it (personal data), or if it is a champion's, "
                'add "Email: carol@example.com" to their file'
            ),
            (
                f"{B}/2020-05-12-query.md:4: Body: the phone number 07956789012 in a link's web address (href=) is "
                "not a champion's or the branch's; remove it (personal data), or if it is a champion's, add \"Phone: "
                '07956789012" to their file'
            ),
        ],
    ),
    "a number in a bulletin's file name": (
        "bulletins/2020-05-13-call-07912-345678.md",
        "Title: Call\nDate: 2020-05-13\n\nText.\n",
        [
            (
                f'{B}/2020-05-13-call-07912-345678.md:1: Slug: the web address "call-07912-345678" holds the phone '
                "number 07912-345678, which every link to it, the sitemap and the feeds would show; rename the file "
                "2020-05-13-call.md"
            )
        ],
    ),
    "a number in a Slug": (
        "bulletins/2020-05-14-ring.md",
        "Title: Ring\nDate: 2020-05-14\nSlug: ring-07923-456789\n\nText.\n",
        [
            (
                f'{B}/2020-05-14-ring.md:3: Slug: the web address "ring-07923-456789" holds the phone number '
                '07923-456789, which every link to it, the sitemap and the feeds would show; write "Slug: ring"'
            )
        ],
    ),
    "a number in a picture's file name": (
        "images/07822-333444.png",
        b"\x89PNG\r\n\x1a\n",
        [
            (
                "content/images/07822-333444.png: File: the file's name holds the phone number 07822-333444, which "
                "its web address would show on every page that uses it; rename the file, e.g. "
                "content/images/picture.png"
            )
        ],
    ),
    "someone's number in a heading": (
        "bulletins/2020-05-15-heading.md",
        "Title: Heading\nDate: 2020-05-15\n\n## Ring Jo on 07700 900789\n\nAfter six.\n",
        [
            (
                f"{B}/2020-05-15-heading.md:4: Body: the phone number 07700 900789 is not a champion's or the "
                "branch's; remove it (personal data), or if it is a champion's, add \"Phone: 07700 900789\" to their "
                "file"
            )
        ],
    ),
    "the same number on several lines": (
        "bulletins/2020-05-16-again.md",
        (
            "Title: Again\nDate: 2020-05-16\n\nRing 07700 900321.\n\nOr text.\n\nRing 07700 900321 again.\n\n"
            "Or 07700 900321.\n"
        ),
        [
            (
                f"{B}/2020-05-16-again.md:4: Body: the phone number 07700 900321 is not a champion's or the branch's; "
                'remove it (personal data), or if it is a champion\'s, add "Phone: 07700 900321" to their file'
            ),
            (
                f"{B}/2020-05-16-again.md:8: Body: the phone number 07700 900321 is not a champion's or the branch's; "
                'remove it (personal data), or if it is a champion\'s, add "Phone: 07700 900321" to their file'
            ),
            (
                f"{B}/2020-05-16-again.md:10: Body: the phone number 07700 900321 is not a champion's or the "
                "branch's; remove it (personal data), or if it is a champion's, add \"Phone: 07700 900321\" to their "
                "file"
            ),
        ],
    ),
    # --- Found by a second break-it review.
    "a zero-width joiner inside Status": (
        "bulletins/2020-05-20-zwj.md",
        "Title: Joiner\nDate: 2020-05-20\nSta\u200dtus: draft\n\nZWJCANARY words.\n",
        [
            (
                f"{B}/2020-05-20-zwj.md:3: Status: contains an invisible zero-width joiner, which the site cannot "
                "publish; retype the line"
            )
        ],
    ),
    "a grapheme joiner inside a phone number": (
        "bulletins/2020-05-21-cgj.md",
        "Title: Grapheme\nDate: 2020-05-21\n\nRing Jo on 07912\u034f345678 today.\n",
        [
            (
                f"{B}/2020-05-21-cgj.md:4: Body: contains an invisible grapheme joiner, which the site cannot publish; "
                "retype the line"
            ),
            (
                f"{B}/2020-05-21-cgj.md:4: Body: the phone number 07912345678 is not a champion's or the branch's; "
                'remove it (personal data), or if it is a champion\'s, add "Phone: 07912345678" to their file'
            ),
        ],
    ),
    "a tag with no letter or figure": (
        "bulletins/2020-05-23-dots.md",
        "Title: Dots\nDate: 2020-05-23\nTags: pay, ..\n\nText.\n",
        [
            (
                f'{B}/2020-05-23-dots.md:3: Tags: ".." has no letter or figure, so it cannot have a page of its own; '
                "write it with letters, or remove it"
            )
        ],
    ),
    # A name saved by an old system (Latin-1 é): Pelican stopped the whole
    # build when writing its address, with a message naming no file.
    "a file name that is not UTF-8": (
        "bulletins/2020-05-24-caf\udce9.md",
        "Title: Caf\u00e9 meeting\nDate: 2020-05-24\n\nMet at the caf\u00e9 of the latin name.\n",
        [
            (
                f"{B}/2020-05-24-caf\ufffd.md: File: its name holds a letter that is not saved as UTF-8 (shown as "
                '"\ufffd"), so the site leaves the file out; rename it with plain letters, e.g. 2020-05-24-caf.md'
            )
        ],
    ),
    # Each would be a page of its own (tag/call-07700-900456.html) and in
    # every feed: every build leaves it out, make check and make html name it.
    "a number in a tag, a series, an author or a category": (
        "bulletins/2020-05-25-tagged.md",
        (
            "Title: Tagged\nDate: 2020-05-25\nTags: pay, call 07700 900456\nSeries: Ring 07700 900457 talks\n"
            "Author: Jo 07700 900458\nCategory: Mail jo@example.org\n\nText.\n"
        ),
        [
            (
                f"{B}/2020-05-25-tagged.md:3: Tags: the phone number 07700 900456 is not a champion's or the "
                "branch's; remove it (personal data), or if it is a champion's, add \"Phone: 07700 900456\" to "
                "their file"
            ),
            (
                f"{B}/2020-05-25-tagged.md:4: Series: the phone number 07700 900457 is not a champion's or the "
                "branch's; remove it (personal data), or if it is a champion's, add \"Phone: 07700 900457\" to "
                "their file"
            ),
            (
                f"{B}/2020-05-25-tagged.md:5: Author: the phone number 07700 900458 is not a champion's or the "
                "branch's; remove it (personal data), or if it is a champion's, add \"Phone: 07700 900458\" to "
                "their file"
            ),
            (
                f"{B}/2020-05-25-tagged.md:6: Category: the e-mail address jo@example.org is not a champion's or the "
                "branch's; remove it (personal data), or if it is a champion's, add \"Email: jo@example.org\" to "
                "their file"
            ),
        ],
    ),
    # Pelican makes the links of a Summary too: one to no file was said
    # without a file or line.
    "a link to no file in a summary": (
        "bulletins/2020-05-26-summed-up.md",
        "Title: Summed up\nDate: 2020-05-26\nSummary: See [the plan]({filename}2020-05-26-plan.md)\n\nText.\n",
        [
            (
                f"{B}/2020-05-26-summed-up.md:3: Summary: the link {{filename}}2020-05-26-plan.md leads to a file that "
                "does not exist; did you mean {filename}2020-01-09-plan.md?"
            )
        ],
    ),
    # Pelican leaves a link with an indicator it does not know as written
    # (it leads nowhere) and said so in its own words, with no line.
    "a misspelt kind of link": (
        "bulletins/2020-05-27-kinds.md",
        (
            "Title: Kinds\nDate: 2020-05-27\n\nSee [join]({filname}../pages/join.md) and "
            "![p]({Static}../images/rally.jpg).\n"
        ),
        [
            (
                f"{B}/2020-05-27-kinds.md:4: Body: {{Static}} is not a kind of link the site knows, so the link leads "
                "nowhere; did you mean {static}?"
            ),
            (
                f"{B}/2020-05-27-kinds.md:4: Body: {{filname}} is not a kind of link the site knows, so the link leads "
                "nowhere; did you mean {filename}?"
            ),
        ],
    ),
    "a {filename} link to a picture": (
        "bulletins/2020-05-28-picture.md",
        "Title: Picture\nDate: 2020-05-28\n\n![The rally]({filename}../images/rally.jpg)\n",
        [
            (
                f"{B}/2020-05-28-picture.md:4: Body: the link {{filename}}../images/rally.jpg names a picture or "
                "document; write {static}../images/rally.jpg instead"
            )
        ],
    ),
    # --- Contact routes (issue 15): a champion's number printed as text only when
    # their file says `Phone_public: yes` (plugins/caregroups/rules.py); else it
    # stays behind the reveal button.
    "a Phone_public that is neither yes nor no": (
        "champions/rob-kerr.md",
        "Title: Rob Kerr\nCare_groups: Back office\nPhone: 020 7946 0777\nPhone_public: maybe\n\nRob.\n",
        [
            (
                'content/champions/rob-kerr.md:4: Phone_public: "maybe" is neither yes nor no; write '
                "`Phone_public: yes` to print the phone number on the site, or remove the line to keep it behind "
                "a button"
            )
        ],
    ),
    "a Phone_public without a phone number": (
        "champions/eve-dale.md",
        "Title: Eve Dale\nCare_groups: Back office\nPhone_public: yes\n\nEve.\n",
        [
            (
                "content/champions/eve-dale.md:3: Phone_public: says yes, but the file has no phone number; add a "
                "line like `Phone: 020 8359 2088`, or remove this line"
            )
        ],
    ),
    # -- The addresses kept from the old blogs (make import, issue 19): Address, Old_addresses. --
    "an Address that is not the old blog's": (
        "bulletins/2020-05-01-moved.md",
        "Title: Moved\nDate: 2020-05-01\nAddress: ../index.html\n\nText.\n",
        [
            (
                f'{B}/2020-05-01-moved.md:3: Address: "../index.html" is not an address of the old blog; write it as '
                "YYYY/MM/name.html (the year, the month, then small letters, digits and hyphens), or remove the line: "
                "the address then comes from the Date and the file name"
            )
        ],
    ),
    "an Address on a page": (
        "pages/moved.md",
        "Title: Moved page\nAddress: 2020/05/moved.html\n\nText.\n",
        ["content/pages/moved.md:2: Address: is not a field of pages; remove the line"],
    ),
    "old addresses outside the site, on another site and with a query": (
        "bulletins/2020-05-02-old-links.md",
        (
            "Title: Old links\nDate: 2020-05-02\nOld_addresses: /../../etc/passwd, https://evil.example/x, /?p=12\n"
            "\nText.\n"
        ),
        [
            (
                f'{B}/2020-05-02-old-links.md:3: Old_addresses: "{old}" cannot be kept ({why}); write the path it had '
                "on the old site, e.g. /2015/03/12/some-post/, or remove it"
            )
            for old, why in (
                ("/../../etc/passwd", "a part of it is a hidden or parent folder, or holds a / or \\ once decoded"),
                ("/?p=12", "a page of this site cannot answer an address with ? or #"),
                ("https://evil.example/x", "it names a web site; write only its path"),
            )
        ],
    ),
    "old addresses over a bulletin, a list and a page of the site's own": (
        "bulletins/2020-05-03-over-pages.md",
        "Title: Over pages\nDate: 2020-05-03\nOld_addresses: /2020/02/pay.html /tag/pay.html /index.html\n\nText.\n",
        [
            (
                f'{B}/2020-05-03-over-pages.md:3: Old_addresses: "{old}" is {what}; a page of the site is never '
                "replaced, so the build leaves it out: remove it from this line"
            )
            for old, what in (
                ("/2020/02/pay.html", f"the address of {B}/2020-02-01-pay.md"),
                ("/index.html", "one of the site's own pages"),
                ("/tag/pay.html", "the site's own folder tag/"),
            )
        ],
    ),
    # --- Meetings (issue 18): content/events/, plugins/events and rulebook/rules/events.py. A meeting
    # with no time, an impossible time, no title, no Uid, another's Uid or an unknown Status is left out.
    "a meeting without a Start": (
        "events/2027-05-01-no-start.md",
        (
            "Title: No start\nEnd: 2027-05-01 20:00\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b01@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-05-01-no-start.md:1: Start: missing; add a line like `Start: "
                "2027-01-20 18:00` (the time on the clock in London, YYYY-MM-DD HH:MM, e.g. 2027-01-20 "
                "18:00); the meeting is left out of the site and the calendars until then"
            ),
        ],
    ),
    "a meeting without an End": (
        "events/2027-05-02-no-end.md",
        (
            "Title: No end\nStart: 2027-05-02 18:00\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b02@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-05-02-no-end.md:2: End: missing; add a line like `End: 2027-01-20 20:00` (the "
                "time on the clock in London, YYYY-MM-DD HH:MM, e.g. 2027-01-20 18:00); the meeting is left out of "
                "the site and the calendars until then"
            ),
        ],
    ),
    "a meeting's Start written day first": (
        "events/2027-05-03-day-first.md",
        (
            "Title: Day first\nStart: 03/05/2027 18:00\nEnd: 2027-05-03 20:00\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b03@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-05-03-day-first.md:2: Start: write the date year first, as YYYY-MM-DD "
                'HH:MM: if "03/05/2027 18:00" means 3 May 2027 at 18:00, write 2027-05-03 18:00; the '
                "meeting is left out of the site and the calendars until then"
            ),
        ],
    ),
    "a meeting at a time the clocks skip": (
        "events/2027-03-28-spring-night.md",
        (
            "Title: Spring night\nStart: 2027-03-28 01:30\nEnd: 2027-03-28 03:00\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b04@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-03-28-spring-night.md:2: Start: 01:30 on 28 March 2027 does not "
                "exist: the clocks go forward that night, from 01:00 to 02:00; choose a time from 02:00, "
                "e.g. 2027-03-28 02:00; the meeting is left out of the site and the calendars until then"
            ),
        ],
    ),
    "a meeting at a time that happens twice": (
        "events/2027-10-31-autumn-night.md",
        (
            "Title: Autumn night\nStart: 2027-10-31 01:30\nEnd: 2027-10-31 03:00\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b05@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-10-31-autumn-night.md:2: Start: 01:30 on 31 October 2027 happens "
                "twice: the clocks go back that night, from 02:00 to 01:00, and calendars would not agree "
                "which one is meant; choose a time before 01:00 or from 02:00, e.g. 2027-10-31 02:00; the "
                "meeting is left out of the site and the calendars until then"
            ),
        ],
    ),
    "a meeting that ends before it starts": (
        "events/2027-05-04-backwards.md",
        (
            "Title: Backwards\nStart: 2027-05-04 18:00\nEnd: 2027-05-04 17:00\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b06@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-05-04-backwards.md:3: End: is not after the Start (2027-05-04 18:00); "
                "write the time the meeting ends, e.g. 2027-05-04 20:00; the meeting is left out of the "
                "site and the calendars until then"
            ),
        ],
    ),
    "an online meeting without a Join_link": (
        "events/2027-05-05-online.md",
        (
            "Title: Online\nStart: 2027-05-05 18:00\nEnd: 2027-05-05 19:00\nLocation: Online\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b07@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-05-05-online.md:4: Join_link: missing: the Location says Online; add a line "
                "like `Join_link: https://meet.example.org/branch-agm` with the meeting's https address"
            ),
        ],
    ),
    "a Join_link that is not https": (
        "events/2027-05-06-join.md",
        (
            "Title: Join\nStart: 2027-05-06 18:00\nEnd: 2027-05-06 19:00\nLocation: Online\nJoin_link: "
            "javascript:alert(1)//JOINCANARY\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b08@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                'content/events/2027-05-06-join.md:5: Join_link: "javascript:alert(1)//JOINCANARY" is not '
                "a safe web address; write the whole https:// address of the online meeting, e.g. "
                "https://meet.example.org/branch-agm; the page says to ask the branch for the link until then"
            ),
        ],
    ),
    "a meeting without a Uid": (
        "events/2027-05-07-no-uid.md",
        "Title: No uid\nStart: 2027-05-07 18:00\nEnd: 2027-05-07 19:00\n\nNOUIDCANARY.\n",
        [
            (
                "content/events/2027-05-07-no-uid.md:1: Uid: missing; every meeting needs the Uid line make newevent "
                "writes (calendars know the meeting by it): run make newevent-uid in a terminal and paste the Uid "
                "line it prints here; the meeting is left out of the site and the calendars until then"
            ),
        ],
    ),
    "a Uid that make newevent did not write": (
        "events/2027-05-08-own-uid.md",
        ("Title: Own uid\nStart: 2027-05-08 18:00\nEnd: 2027-05-08 19:00\nUid: maggi@example.org\n\nThe agenda.\n"),
        [
            (
                'content/events/2027-05-08-own-uid.md:4: Uid: "maggi@example.org" is not a Uid as make newevent and '
                "the web editor write one (letters and digits in five parts joined by hyphens); run make newevent-uid "
                "in a terminal and paste the Uid line it prints here; the meeting is left out of the site and the "
                "calendars until then"
            ),
        ],
    ),
    "the same Uid in two meetings": (
        "events/2027-05-09-twin.md",
        (
            "Title: Twin\nStart: 2027-05-09 18:00\nEnd: 2027-05-09 19:00\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b00@barnet-unison.github.io\n\nTWINCANARY.\n"
        ),
        [
            (
                "content/events/2027-05-09-first.md:4: Uid: the same Uid is in content/events/2027-05-09-twin.md, "
                "and which file had it first cannot be told (they are not both in git), so both are left out; in the "
                "copy (the file made later), delete its Uid line, run make newevent-uid in a terminal and paste the "
                "Uid line it prints here; leave the original's as it is"
            ),
            (
                "content/events/2027-05-09-twin.md:4: Uid: the same Uid is in content/events/2027-05-09-first.md, "
                "and which file had it first cannot be told (they are not both in git), so both are left out; in the "
                "copy (the file made later), delete its Uid line, run make newevent-uid in a terminal and paste the "
                "Uid line it prints here; leave the original's as it is"
            ),
        ],
    ),
    "an unknown Status on a meeting": (
        "events/2027-05-10-postponed.md",
        (
            "Title: Postponed\nStart: 2027-05-10 18:00\nEnd: 2027-05-10 19:00\nStatus: postponed\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b10@barnet-unison.github.io\n\nPOSTPONEDCANARY.\n"
        ),
        [
            (
                'content/events/2027-05-10-postponed.md:4: Status: unknown status "postponed"; write '
                '"Status: draft" to keep it off the live site, "Status: cancelled" for a meeting that will '
                "not take place, or remove the line; the meeting is left out of the site and the calendars "
                "until then"
            ),
        ],
    ),
    "a Sequence that is not a number": (
        "events/2027-05-11-sequence.md",
        (
            "Title: Sequence\nStart: 2027-05-11 18:00\nEnd: 2027-05-11 19:00\nSequence: two\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b11@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                'content/events/2027-05-11-sequence.md:4: Sequence: "two" is not a number from 0 to 9999; write a '
                "whole number, one more each time the meeting moves, e.g. Sequence: 1"
            ),
        ],
    ),
    "a misspelt care group on a meeting": (
        "events/2027-05-12-group.md",
        (
            "Title: Group\nStart: 2027-05-12 18:00\nEnd: 2027-05-12 19:00\nCare_groups: Older Adult\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b12@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                'content/events/2027-05-12-group.md:4: Care_groups: unknown care group "Older Adult"; did '
                'you mean "Older Adults"?'
            ),
        ],
    ),
    "a meeting without a title": (
        "events/2027-05-13-untitled.md",
        (
            "Start: 2027-05-13 18:00\nEnd: 2027-05-13 19:00\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b13@barnet-unison.github.io\n\nUNTITLEDCANARY.\n"
        ),
        [
            (
                "content/events/2027-05-13-untitled.md:1: Title: missing or empty; add a line like `Title: "
                "Annual General Meeting 2027` at the top; the meeting is left out of the site and the "
                "calendars until then"
            ),
        ],
    ),
    "a field bulletins use on a meeting": (
        "events/2027-05-14-tags.md",
        (
            "Title: Tags\nStart: 2027-05-14 18:00\nEnd: 2027-05-14 19:00\nTags: agm\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b14@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            "content/events/2027-05-14-tags.md:4: Tags: is not a field of event files; remove the line",
        ],
    ),
    "someone's number in a meeting's place and summary": (
        "events/2027-05-15-number.md",
        (
            "Title: Number\nStart: 2027-05-15 18:00\nEnd: 2027-05-15 19:00\nLocation: Room 2, ring 020 "
            "7946 0611\nSummary: Or text 07700 900611\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b15@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-05-15-number.md:4: Location: the phone number 020 7946 0611 is not a "
                "champion's or the branch's; remove it (personal data), or if it is a champion's, add "
                '"Phone: 020 7946 0611" to their file'
            ),
            (
                "content/events/2027-05-15-number.md:5: Summary: the phone number 07700 900611 is not a "
                "champion's or the branch's; remove it (personal data), or if it is a champion's, add "
                '"Phone: 07700 900611" to their file'
            ),
        ],
    ),
    "a bulletin linking a draft meeting": (
        "bulletins/2020-05-29-meeting.md",
        "Title: Meeting\nDate: 2020-05-29\n\nSee [the meeting]({filename}../events/2027-06-01-draft.md).\n",
        [
            (
                "content/bulletins/2020-05-29-meeting.md:4: Body: the link "
                "{filename}../events/2027-06-01-draft.md leads to a draft, which is not on the live site; "
                "publish that first, or remove the link"
            ),
        ],
    ),
    # -- make import's review (issue 19): personal data in kept addresses, old addresses over the site's own
    # files however written, a bulletin taking another's address with its Address. --
    "a phone number in an Address": (
        "bulletins/2012-03-31-ring-sue.md",
        "Title: Ring Sue\nDate: 2012-03-31\nAddress: 2012/04/ring-sue-07700-900444.html\n\nText.\n",
        [
            (
                f'{B}/2012-03-31-ring-sue.md:3: Address: "2012/04/ring-sue-07700-900444.html" holds the phone number '
                "07700-900444, which every link to it, the sitemap and the feeds would show; remove the line (the "
                "bulletin then has the address its Date and file name give)"
            )
        ],
    ),
    "a phone number in an old address": (
        "bulletins/2016-05-08-call.md",
        "Title: Call the office\nDate: 2016-05-08\nOld_addresses: /2016/05/08/call-07700-900555/\n\nText.\n",
        [
            (
                f'{B}/2016-05-08-call.md:3: Old_addresses: "/2016/05/08/call-07700-900555/" cannot be kept (it holds '
                "the phone number 07700-900555, which is personal data); write the path it had on the old site, e.g. "
                "/2015/03/12/some-post/, or remove it"
            )
        ],
    ),
    "old addresses over the site's own files however written": (
        "bulletins/2020-05-04-over-files.md",
        (
            "Title: Over files\nDate: 2020-05-04\nOld_addresses: /robots.txt /sitemap.xml /_headers /index2.html "
            "/index.html/ /search.html/ /2020/02/pay.html/\n\nText.\n"
        ),
        [
            (
                f'{B}/2020-05-04-over-files.md:3: Old_addresses: "{old}" is {what}; a page of the site is never '
                "replaced, so the build leaves it out: remove it from this line"
            )
            for old, what in (
                ("/2020/02/pay.html/", f"the address of {B}/2020-02-01-pay.md"),
                ("/_headers", "one of the site's own pages"),
                ("/index.html/", "one of the site's own pages"),
                ("/index2.html", "one of the site's own pages (a later page of the list of bulletins)"),
                ("/robots.txt", "one of the site's own pages"),
                ("/search.html/", "the address of content/pages/search.md"),
                ("/sitemap.xml", "one of the site's own pages"),
            )
        ],
    ),
    "a bulletin taking another's address with its Address": (
        "bulletins/2019-12-31-newcomer.md",
        "Title: Newcomer\nDate: 2019-12-31\nAddress: 2020/01/budgets-1.html\n\nNEWCOMERCANARY\n",
        [
            (
                f'{B}/2019-12-31-newcomer.md:3: Address: "2020/01/budgets-1.html" is also the address of '
                f"{B}/2020-01-07-budgets-1.md; remove this line (this bulletin then has the address its Date and "
                "file name give); until then the build leaves this one out"
            )
        ],
    ),
    # --- Meetings, after their review (issue 18). A Join_link is strict (rules/events.py safe_join_link):
    # one that is not is left out and the page says to ask the branch for the link.
    "a Join_link holding markup": (
        "events/2027-07-01-join-markup.md",
        (
            "Title: Join markup\nStart: 2027-07-01 18:00\nEnd: 2027-07-01 19:00\nLocation: Online\nJoin_link: "
            'https://meet.example.org/x">Join</a><strong>QUOTECANARY</strong><a>\nUid: '
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c01@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-07-01-join-markup.md:5: Join_link: "
                '"https://meet.example.org/x">Join</a><strong>QUOTECANARY</strong><a>" is not a safe web address (it '
                "holds a space, a quote, < or > or a backslash); write the whole https:// address of the online "
                "meeting, e.g. https://meet.example.org/branch-agm; the page says to ask the branch for the link "
                "until then"
            ),
        ],
    ),
    "a Join_link with a name and password": (
        "events/2027-07-02-join-user.md",
        (
            "Title: Join user\nStart: 2027-07-02 18:00\nEnd: 2027-07-02 19:00\nLocation: Online\nJoin_link: "
            "https://jo:USERCANARY@meet.example.org/x\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c02@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-07-02-join-user.md:5: Join_link: holds a name or password before the host (the "
                "part ending in @); write the address without it, e.g. https://meet.example.org/branch-agm, and send "
                "any password to members another way; the page says to ask the branch for the link until then"
            ),
        ],
    ),
    "a Join_link holding an e-mail address and a number": (
        "events/2027-07-03-join-contact.md",
        (
            "Title: Join contact\nStart: 2027-07-03 18:00\nEnd: 2027-07-03 19:00\nLocation: Online\nJoin_link: "
            "https://meet.example.org/x?email=joinmail.canary%40example.com&tel=07700900777\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c03@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-07-03-join-contact.md:5: Join_link: holds an e-mail address or a phone number "
                "(personal data); write the meeting's address without it, e.g. https://meet.example.org/branch-agm; "
                "the page says to ask the branch for the link until then"
            ),
        ],
    ),
    # Two meetings have two addresses (their files' dates and names); a Slug line making two alike leaves the
    # later file by name out, never the whole build.
    "a meeting whose Slug gives another's address": (
        "events/2027-07-04-second-forum.md",
        (
            "Title: Forum copy\nSlug: forum\nStart: 2027-07-04 18:00\nEnd: 2027-07-04 19:00\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c04@barnet-unison.github.io\n\nSLUGCLASHCANARY.\n"
        ),
        [
            (
                'content/events/2027-07-04-second-forum.md:2: Slug: the web address "events/2027/07-04-forum.html" '
                "is also used by content/events/2027-07-04-forum.md; give each meeting its own (remove the Slug "
                "line, or write another); the meeting is left out of the site and the calendars until then"
            ),
        ],
    ),
    # No meeting's file stops a build or make check: a field over two lines or written twice, a Sequence that
    # is not a small number, a year that cannot be right, a Start on another day than the file's name.
    "a meeting's place over two lines": (
        "events/2027-07-05-two-lines.md",
        (
            "Title: Two lines\nStart: 2027-07-05 18:00\nEnd: 2027-07-05 19:00\n"
            "Location: Barnet House,\n    2 Bristol Avenue\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c05@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-07-05-two-lines.md:4: Location: is written over more than one line; write it on "
                "one line"
            ),
        ],
    ),
    "a meeting's place and series written twice": (
        "events/2027-07-06-twice.md",
        (
            "Title: Twice\nStart: 2027-07-06 18:00\nEnd: 2027-07-06 19:00\n"
            "Location: Room 1\nLocation: Room 2\nSeries: A\nSeries: B\n"
            "Uid: 8b6c0d3b-e495-4b86-b2df-be0d9f8a7c06@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-07-06-twice.md:5: Location: written twice (also on line 4); keep only one "
                "Location line"
            ),
            ("content/events/2027-07-06-twice.md:7: Series: written twice (also on line 6); keep only one Series line"),
        ],
    ),
    "a Sequence in superscript figures": (
        "events/2027-07-07-super.md",
        (
            "Title: Super\nStart: 2027-07-07 18:00\nEnd: 2027-07-07 19:00\nSequence: \u00b2\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c07@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                'content/events/2027-07-07-super.md:4: Sequence: "²" is not a number from 0 to 9999; write a whole '
                "number, one more each time the meeting moves, e.g. Sequence: 1"
            ),
        ],
    ),
    "a Sequence past the calendars' range": (
        "events/2027-07-08-huge.md",
        (
            "Title: Huge\nStart: 2027-07-08 18:00\nEnd: 2027-07-08 19:00\n"
            "Status: cancelled\nSequence: 2147483647\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c08@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                'content/events/2027-07-08-huge.md:5: Sequence: "2147483647" is not a number from 0 to 9999; write a '
                "whole number, one more each time the meeting moves, e.g. Sequence: 1"
            ),
        ],
    ),
    "a meeting in the year 9999": (
        "events/2027-07-09-far.md",
        (
            "Title: Far\nStart: 9999-12-31 18:00\nEnd: 9999-12-31 23:59\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c09@barnet-unison.github.io\n\nFARCANARY.\n"
        ),
        [
            (
                "content/events/2027-07-09-far.md:2: Start: the year 9999 cannot be right; write the meeting's date "
                "in full, e.g. 2027-07-09 18:00; the meeting is left out of the site and the calendars until then"
            ),
            (
                "content/events/2027-07-09-far.md:3: End: the year 9999 cannot be right; write the meeting's date in "
                "full, e.g. 2027-07-09 23:59; the meeting is left out of the site and the calendars until then"
            ),
        ],
    ),
    "a Start whose year is mistyped": (
        "events/2027-07-10-typo.md",
        (
            "Title: Typo\nStart: 2028-07-10 18:00\nEnd: 2028-07-10 19:00\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c10@barnet-unison.github.io\n\nTYPOCANARY.\n"
        ),
        [
            (
                "content/events/2027-07-10-typo.md:2: Start: the file name says 2027-07-10, Start says 2028-07-10; "
                "make them agree (a meeting moved to another day: rename the file to the new date, its Uid keeps it "
                "the same meeting in calendars); the meeting is left out of the site and the calendars until then"
            ),
        ],
    ),
    # A number in a meeting's Series: the Series is left out, as a tag holding one is.
    "someone's number in a meeting's Series": (
        "events/2027-07-11-series-number.md",
        (
            "Title: Series number\nStart: 2027-07-11 18:00\nEnd: 2027-07-11 19:00\nSeries: Jo 07700 900812 sessions\n"
            "Uid: 8b6c0d3b-e495-4b86-b2df-be0d9f8a7c11@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-07-11-series-number.md:4: Series: the phone number 07700 900812 is not a "
                "champion's or the branch's; remove it (personal data), or if it is a champion's, add \"Phone: 07700 "
                '900812" to their file'
            ),
        ],
    ),
    # Messages that say what was meant: a time kept, a space pasted from Word, 24:00, a Status misspelt.
    "a meeting's Start written the British way with pm": (
        "events/2027-07-12-pm.md",
        (
            "Title: Pm\nStart: 12/7/2027 6pm\nEnd: 2027-07-12 23:00\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c12@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-07-12-pm.md:2: Start: write the date year first, as YYYY-MM-DD HH:MM: if "
                '"12/7/2027 6pm" means 12 July 2027 at 18:00, write 2027-07-12 18:00; the meeting is left out of the '
                "site and the calendars until then"
            ),
        ],
    ),
    "a meeting's Start holding a no-break space": (
        "events/2027-07-13-nbsp.md",
        (
            "Title: Nbsp\nStart: 2027-07-13\u00a018:00\nEnd: 2027-07-13 23:00\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c13@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-07-13-nbsp.md:2: Start: the date holds a no-break space, pasted from Word or a "
                "web page; retype the space; the meeting is left out of the site and the calendars until then"
            ),
        ],
    ),
    "a meeting's Start at 24:00": (
        "events/2027-07-14-midnight.md",
        (
            "Title: Midnight\nStart: 2027-07-14 24:00\nEnd: 2027-07-14 23:00\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c14@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                "content/events/2027-07-14-midnight.md:2: Start: 24:00 is not a time on the clock; write 00:00 on "
                "the next day, e.g. 2027-07-15 00:00; the meeting is left out of the site and the calendars until "
                "then"
            ),
        ],
    ),
    "a meeting's Status spelt the American way": (
        "events/2027-07-15-canceled.md",
        (
            "Title: Canceled\nStart: 2027-07-15 18:00\nEnd: 2027-07-15 23:00\nStatus: canceled\nUid: "
            "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c15@barnet-unison.github.io\n\nThe agenda.\n"
        ),
        [
            (
                'content/events/2027-07-15-canceled.md:4: Status: unknown status "canceled"; did you mean '
                '"cancelled"? write "Status: draft" to keep it off the live site, "Status: cancelled" for a meeting '
                "that will not take place, or remove the line; the meeting is left out of the site and the calendars "
                "until then"
            ),
        ],
    ),
    # --- Meetings started in the web editor (a Uid as Decap's uuid widget writes it, the UUID alone, is a Uid)
    # and make newevent's example line left in a meeting to be published.
    "a meeting keeping make newevent's example line": (
        "events/2027-08-02-example-line.md",
        (
            "Title: Example line\nStart: 2027-08-02 18:00\nEnd: 2027-08-02 20:00\nLocation: Barnet House\n"
            "Status: published\nUid: 7c9e6679-7425-40de-944b-e07fc1f90ae9\n\n"
            "What the meeting is about, the agenda, how to get there. Leave this line out when you start.\n"
        ),
        [
            (
                "content/events/2027-08-02-example-line.md:8: Body: still has the example line from make newevent; "
                "write what the meeting is about (the agenda, how to get there), or remove the line"
            ),
        ],
    ),
    # -- make import's second review (issue 19): a number in an address written without its "+" or split by "/". --
    "a number in a Slug written without its plus": (
        "bulletins/2016-05-09-call-sue.md",
        "Title: Call Sue\nDate: 2016-05-09\nSlug: call-sue-on-44-7700-900666\n\nText.\n",
        [
            (
                f'{B}/2016-05-09-call-sue.md:3: Slug: the web address "call-sue-on-44-7700-900666" holds the phone '
                'number 44-7700-900666, which every link to it, the sitemap and the feeds would show; write "Slug: '
                'call-sue-on"'
            )
        ],
    ),
    "a number in an old address split by slashes": (
        "bulletins/2016-05-10-call-the-office.md",
        "Title: Call the office\nDate: 2016-05-10\nOld_addresses: /call/07700/900777/\n\nText.\n",
        [
            (
                f'{B}/2016-05-10-call-the-office.md:3: Old_addresses: "/call/07700/900777/" cannot be kept (it holds '
                "the phone number 07700/900777, which is personal data); write the path it had on the old site, e.g. "
                "/2015/03/12/some-post/, or remove it"
            )
        ],
    ),
}

# Lines said only when the whole corpus is in one site, where two cases meet
# (none now; kept for the next kind that does).
TOGETHER: list[str] = []

# The marks of the cases above that must reach nothing published (page, feed,
# sitemap or search index), whatever the build: tests/site/test_publish_safety.py.
LEAKS = {
    "URL holding a script": "URLCANARY",
    "a draft with Save_as": "DRAFTCANARY",
    "a draft page with Save_as": "PAGECANARY",
    "a space before the colon of Status": "SPACECANARY",
    "a full-width colon after Status": "WIDECANARY",
    "an empty line inside the fields": "GAPCANARY",
    "Status: draft written in the text": "LATECANARY",
    "a misspelt Status": "STAUTSCANARY",
    "a champion's Slug holding markup": "SLUGCANARY",
    "a bulletin's file name holding markup": "onmouseover=alert",
    "a style sheet loaded from the site": "STYLECANARY",
    "an element outside the allow-list": "MARQUEECANARY",
    "a drawing holding a program": "SVGCANARY",
    "an attribute outside the allow-list": "PINGCANARY",
    "a javascript: link over two lines": "JSCANARY",
    "a hidden bulletin": "HIDDENCANARY",
    "a zero-width space inside Status": "ZWSPCANARY",
    "a soft hyphen inside a phone number": "456789",
    "a picture from another website written with backslashes": "BACKSLASHCANARY",
    "a zero-width joiner inside Status": "ZWJCANARY",
    "a grapheme joiner inside a phone number": "345678",
    # Someone's number, however written: left out of pages, feeds and the search index.
    "a number of no champion in bold, across two lines": "900123",
    "a number with en dashes, of no champion": "900\u2013123",
    "a mobile number in a champion's Role": "900456",
    "a number in a care group's summary": "7946 0321",
    # Numbers and addresses in web addresses, names and headings.
    "a WhatsApp link to someone's number": "7945678901",
    "a tel: address in a quotation's cite=": "7967890123",
    "an address and a number in a form's query": "carol@example",
    "a number in a bulletin's file name": "07912-345678",
    "a number in a Slug": "07923-456789",
    "someone's number in a heading": "900789",
    "the same number on several lines": "900321",
    "a file name that is not UTF-8": "of the latin name",
    "a number in a tag, a series, an author or a category": "900456",
    "duplicate slug": "second pay bulletin of February",
    # make import's review (issue 19): a number in a kept address, a bulletin taking another's address.
    "a phone number in an Address": "900444",
    "a phone number in an old address": "900555",
    "a bulletin taking another's address with its Address": "NEWCOMERCANARY",
    # make import's second review (issue 19): a number without its "+", a number split by "/".
    "a number in a Slug written without its plus": "900666",
    "a number in an old address split by slashes": "900777",
    # A number whose file does not clearly say it is public stays behind the button.
    "a Phone_public that is neither yes nor no": "7946 0777",
    # Meetings left out, or a link that is not https: nothing of them on any page or in any calendar.
    "a Join_link that is not https": "JOINCANARY",
    "a meeting without a Uid": "NOUIDCANARY",
    "the same Uid in two meetings": "TWINCANARY",
    "an unknown Status on a meeting": "POSTPONEDCANARY",
    "a meeting without a title": "UNTITLEDCANARY",
    # Someone's number in a meeting's place: left out of its page and its calendar.
    "someone's number in a meeting's place and summary": "7946 0611",
    # Meetings, after their review (issue 18).
    "a Join_link holding markup": "QUOTECANARY",
    "a Join_link with a name and password": "USERCANARY",
    "a Join_link holding an e-mail address and a number": "joinmail.canary",
    "a meeting whose Slug gives another's address": "SLUGCLASHCANARY",
    "a meeting in the year 9999": "FARCANARY",
    "a Start whose year is mistyped": "TYPOCANARY",
    "someone's number in a meeting's Series": "900812",
}

# Correct files the corpus needs beside it (a series, the first "pay", a
# champion with an e-mail address and a number not marked public).
HELPERS = {
    # A draft, for the case that links to one.
    "bulletins/2020-01-09-plan.md": "Title: Plan\nDate: 2020-01-09\nStatus: draft\n\nThe plan.\n",
    # A picture (a JPEG's first bytes) for the cases that link to one.
    "images/rally.jpg": b"\xff\xd8\xff\xe0",
    "bulletins/2020-01-07-budgets-1.md": "Title: Budgets 1\nDate: 2020-01-07\nSeries: Care budgets\n\nText.\n",
    "bulletins/2020-01-08-budgets-2.md": "Title: Budgets 2\nDate: 2020-01-08\nSeries: Care budgets\n\nText.\n",
    "bulletins/2020-02-01-pay.md": "Title: Pay\nDate: 2020-02-01\n\nText.\n",
    "champions/ann-lee.md": (
        "Title: Ann Lee\nCare_groups: Mental Health\nRole: Steward\nEmail: ann.lee@branch.example\n"
        "Phone: 020 7946 0555\n\nAnn.\n"
    ),
    # A meeting whose Uid another copies, and a draft meeting a bulletin links (issue 18).
    "events/2027-05-09-first.md": (
        "Title: First\nStart: 2027-05-09 10:00\nEnd: 2027-05-09 11:00\nUid: "
        "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b00@barnet-unison.github.io\n\nThe agenda.\n"
    ),
    "events/2027-06-01-draft.md": (
        "Title: Draft meeting\nStart: 2027-06-01 10:00\nEnd: 2027-06-01 11:00\nStatus: draft\nUid: "
        "8b6c0d3b-e495-4b86-b2df-be0d9f8a7b99@barnet-unison.github.io\n\nThe agenda.\n"
    ),
    # Two meetings with one title in one year: two addresses (issue 18).
    "events/2027-07-04-forum.md": (
        "Title: Forum\nStart: 2027-07-04 10:00\nEnd: 2027-07-04 11:00\nUid: "
        "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c90@barnet-unison.github.io\n\nThe agenda.\n"
    ),
    "events/2027-08-04-forum.md": (
        "Title: Forum\nStart: 2027-08-04 10:00\nEnd: 2027-08-04 11:00\nUid: "
        "8b6c0d3b-e495-4b86-b2df-be0d9f8a7c91@barnet-unison.github.io\n\nThe agenda.\n"
    ),
    # The picture whose alt text gives a number (personal data).
    "images/poster.png": b"\x89PNG\r\n\x1a\n",
}


GROUPS = ["Older Adults", "Mental Health", "Back office"]
CHAMPIONS = ["Helen Davies", "Tom Mahoney"]
BODIES = [
    "Members said \"no\" to the plan -- and we agree... It's the 1990s' rules.",
    "## Agency spend\n\nDo we need to spend £5 million?\n\n1. Meet the Director.\n2. Ask for the figures.",
    "A table:\n\n| Team | Posts |\n| --- | --- |\n| Older Adults | 12 |\n\nA note.[^1]\n\n[^1]: From 2008.",
    "UNISON & the Council met. *Emphasis* and **strong** and `code`.\n\n> A quotation.",
    "Contact [Helen]({filename}../champions/helen-davies.md) or ring Tom on 020 7946 0000.",
]


def varied_site() -> dict[str, str]:
    files = {}
    for n in range(80):
        day = f"20{10 + n % 12:02d}-{1 + n % 12:02d}-{1 + n % 27:02d}"
        lines = [
            f"Title: Bulletin {n}: “Care” & 'budgets' -- part {n % 3}",
            f"Date: {day} 10:{n % 60:02d}",
            "Category: Bulletins",
            f"Tags: budgets, tag {n % 7}, Health & Safety",
            f"Care_groups: {GROUPS[n % 3]}" + (f", {GROUPS[(n + 1) % 3]}" if n % 4 == 0 else ""),
            f"Champions: {CHAMPIONS[n % 2]}",
        ]
        if n % 5:
            lines.append(f'Summary: Summary of *bulletin* {n} -- with "quotes".')
        if n % 10 == 3:
            lines.append("Series: Care budgets")
        if n == 7:
            lines.append("Status: draft")
        files[f"bulletins/{day}-bulletin-{n}.md"] = "\n".join(lines) + "\n\n" + BODIES[n % len(BODIES)] + "\n"
    files["bulletins/2099-01-01-scheduled.md"] = "Title: Later\nDate: 2099-01-01\nCategory: Bulletins\n\nNot yet.\n"
    files["pages/about.md"] = 'Title: About\nSlug: about\n\nAbout the branch -- "quoted".\n'
    return files
