"""Which routes to a person the site gives, and which numbers it prints
(plugins/caregroups/routes.py), over plain values."""

from __future__ import annotations

from types import SimpleNamespace

from caregroups.model import Directory, Entry
from caregroups.routes import contact_routes, public_phone_keys, tel_href

LABELS = {"branch_office": "Branch office"}
HELPLINE = {"name": "UNISONdirect", "phone": "0800 0 857 857"}


def champion(name, phone="", email="", public=False, former=False):
    return SimpleNamespace(
        name=name, role="Convenor", phone=phone, email=email, phone_public=public, is_former=former, url="c/"
    )


def champions(*items):
    directory = Directory("champion")
    for item in items:
        directory.add(Entry(item.name, item.name.lower().replace(" ", "-"), f"content/champions/{item.name}.md", item))
    return directory


def settings(**override):
    return {"LABELS": LABELS, "UNISON_HELPLINE": HELPLINE, "BRANCH_CONVENOR": "Maggi Myland", **override}


def shown(routes):
    return [(r.kind, r.value, r.public) for r in routes]


def test_the_public_numbers_are_the_marked_champions_the_branch_offices_and_the_helplines():
    keys = public_phone_keys(
        settings(BRANCH_CONTACT={"phone": "020 7946 0999"}),
        [("0208 359 2088", True), ("020 7946 0000", False), ("", True)],
    )
    assert keys == {"+442083592088", "+442079460999", "+448000857857"}
    assert tel_href("(0208) 359 2088") == "tel:+442083592088"
    assert tel_href("ask at reception") == ""


def test_while_the_branch_has_no_details_the_convenor_answers_with_the_helpline_if_need_be():
    public = contact_routes(settings(), champions(champion("Maggi Myland", "0208 359 2088", public=True)))
    assert shown(public.first) == [("phone", "0208 359 2088", True)]
    hidden = contact_routes(settings(), champions(champion("Maggi Myland", email="m@x.test")))
    assert shown(hidden.first) == [("email", "m@x.test", False), ("phone", "0800 0 857 857", True)]
    assert hidden.first_hidden
    assert shown(hidden.fallback) == [("email", "m@x.test", False)]


def test_no_convenor_or_a_former_one_leaves_the_helpline():
    for directory in (champions(), champions(champion("Maggi Myland", "0208 359 2088", public=True, former=True))):
        routes = contact_routes(settings(), directory)
        assert shown(routes.first) == [("phone", "0800 0 857 857", True)]
        assert routes.fallback == []


def test_the_branchs_own_details_come_first_its_number_before_its_address():
    branch = {"address": "1 High Street", "phone": "020 7946 0999", "email": "office@x.test"}
    routes = contact_routes(settings(BRANCH_CONTACT=branch), champions(champion("Maggi Myland", "0208 359 2088")))
    assert shown(routes.branch) == [
        ("phone", "020 7946 0999", True),
        ("address", "1 High Street", True),
        ("email", "office@x.test", False),
    ]
    assert shown(routes.first) == [("phone", "020 7946 0999", True)]
    assert routes.fallback == []  # the convenor is not needed
    only_email = contact_routes(settings(BRANCH_CONTACT={"email": "office@x.test"}), champions())
    assert shown(only_email.first) == [("email", "office@x.test", False), ("phone", "0800 0 857 857", True)]
