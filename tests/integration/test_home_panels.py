"""Gap 6: every role's home shows each list once (no duplicate trajectory panels)."""

from portal.extensions import db
from tests.factories import world


def test_advisor_and_employer_homes_show_their_own_list_once(client, login_as):
    w = world()
    db.session.commit()
    for user, own in (("advisor1", "Caseload"), ("employer1", "Je trajecten")):
        client.post("/uitloggen")
        login_as(w[user])
        page = client.get("/home").get_data(as_text=True)
        assert own in page
        assert ">Trajecten <span" not in page  # the admin's overall list is not repeated here
        assert w["t2"].candidate.name not in page
    client.post("/uitloggen")
    login_as(w["admin"])
    assert ">Trajecten <span" in client.get("/home").get_data(as_text=True)
