"""What the tests build from: the hostile corpus of mistakes and attacks a
content file can hold (each with the exact lines `make check` prints for it)
and a varied site of 80 bulletins for the whole-site comparisons. Grow the
corpus with every new kind of mistake or attack."""

from __future__ import annotations

from secretary.checks.content import PLACEHOLDER

B = "content/bulletins"

# kind: (file inside content/, its text, the exact lines `make check` prints for it)
CORPUS: dict[str, tuple[str, str | bytes, list[str]]] = {
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
    "duplicate slug": (
        "bulletins/2020-03-01-pay.md",
        "Title: Pay again\nDate: 2020-03-01\n\nText.\n",
        [
            (
                f'{B}/2020-03-01-pay.md:1: Slug: the web address "pay" is also used by {B}/2020-02-01-pay.md; '
                "give each bulletin its own (rename one of the files)"
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
    # page descriptions and feeds) and pages, even a champion's own.
    "a champion's phone number in a field": (
        "bulletins/2020-01-28-ring.md",
        "Title: Ring\nDate: 2020-01-28\nSummary: Questions? Ring Maggi on 0208 359 2088.\n\nText.\n",
        [
            (
                f'{B}/2020-01-28-ring.md:3: Summary: contains the phone number "0208 359 2088"; contact details '
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
        "pages/ring-maggi.md",
        "Title: Ring Maggi\n\nRing Maggi Myland on 0208 359 2088.\n",
        [
            (
                'content/pages/ring-maggi.md:3: Body: contains the phone number "0208 359 2088"; contact details '
                "cannot be hidden in a page: leave them out, or link to their page instead: "
                "[Maggi Myland]({filename}../champions/maggi-myland.md)"
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
    "unknown template for a bulletin": (
        "bulletins/2020-02-02-template.md",
        "Title: Template\nDate: 2020-02-02\nTemplate: nope\n\nText.\n",
        [
            (
                f'{B}/2020-02-02-template.md:3: Template: there is no template "nope" for a bulletin; leave the line '
                "out to use the usual one, or write one of: article"
            )
        ],
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
                f"{B}/2020-02-07-talk.md:6: Body: the <link> file https://example.com/style.css is on another "
                "website, and the site loads nothing from other websites (that would tell them who reads the page); "
                "remove it"
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
            )
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
        "Title: Ring the office\n\nMaggi Myland: (0208) 359 2088.\n",
        [
            (
                'content/pages/ring-the-office.md:3: Body: contains the phone number "(0208) 359 2088"; contact '
                "details cannot be hidden in a page: leave them out, or link to their page instead: "
                "[Maggi Myland]({filename}../champions/maggi-myland.md)"
            )
        ],
    ),
    "a champion's number as dialled from abroad, in a summary": (
        "bulletins/2020-02-14-abroad.md",
        "Title: Abroad\nDate: 2020-02-14\nSummary: From abroad ring Maggi on +44 (0)208 359 2088.\n\nText.\n",
        [
            (
                f'{B}/2020-02-14-abroad.md:3: Summary: contains the phone number "+44 (0)208 359 2088"; contact '
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
    "status in capitals": (
        "bulletins/2020-02-17-capitals.md",
        "Title: Capitals\nDate: 2020-02-17\nStatus: Draft\n\nText.\n",
        [
            (
                f'{B}/2020-02-17-capitals.md:3: Status: unknown status "Draft"; write "Status: draft" to keep it off '
                "the live site, or remove the line to publish it"
            )
        ],
    ),
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
    "a date Pelican cannot read in a champion's file": (
        "champions/max-rowe.md",
        "Title: Max Rowe\nCare_groups: Back office\nDate: soon\n\nMax.\n",
        [
            (
                'content/champions/max-rowe.md:3: Date: cannot read the date "soon"; write it as YYYY-MM-DD HH:MM, '
                "e.g. 2026-11-23 10:00"
            )
        ],
    ),
    # -- commands, headers and the browser sweep: what every build leaves out
    # of a body (plugins/safecontent/scripts.py), though make html builds it.
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
        [f"{B}/2020-03-02-svg.md:6: Body: the onload= attribute is not allowed (it runs a program); remove it"],
    ),
}

# Correct files the corpus needs beside it (a series, the first "pay", a
# champion with an e-mail address).
HELPERS = {
    "bulletins/2020-01-07-budgets-1.md": "Title: Budgets 1\nDate: 2020-01-07\nSeries: Care budgets\n\nText.\n",
    "bulletins/2020-01-08-budgets-2.md": "Title: Budgets 2\nDate: 2020-01-08\nSeries: Care budgets\n\nText.\n",
    "bulletins/2020-02-01-pay.md": "Title: Pay\nDate: 2020-02-01\n\nText.\n",
    "champions/ann-lee.md": (
        "Title: Ann Lee\nCare_groups: Mental Health\nRole: Steward\nEmail: ann.lee@branch.example\n\nAnn.\n"
    ),
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
