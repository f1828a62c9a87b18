"""The unit tree page shows one organisation at a time and finds any unit by name."""

import pytest

from tests.factories import UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db

TREE = "/units/"


def test_a_city_leader_sees_its_communes_folded_and_opens_one(world, client_for):
    client = client_for(world.hn_leader)
    page = client.get(TREE).content.decode()
    assert f'href="?org={world.kp.pk}"' in page and "Xã Phúc Thọ" in page
    assert "Thôn Phú Hữu" not in page  # inside Kiều Phú, folded

    opened = client.get(TREE, {"org": world.kp.pk}).content.decode()
    assert "Thôn Phú Hữu" in opened and "Phòng Văn hóa - Xã hội" in opened
    assert f'<a href="?org={world.hn.pk}">Thành phố Hà Nội</a>' in opened  # the way back up
    assert "Xã Phúc Thọ" not in opened


def test_an_organisation_out_of_reach_is_not_found(world, client_for):
    client = client_for(world.kp_officer)
    assert client.get(TREE, {"org": world.gv.pk}).status_code == 404
    assert client.get(TREE, {"org": world.hn.pk}).status_code == 404  # a superior
    assert client.get(TREE, {"org": "x"}).status_code == 404


def test_search_finds_units_within_reach_only_with_their_organisation(world, client_for):
    page = client_for(world.hn_leader).get(TREE, {"q": "phòng văn hóa"}).content.decode()
    assert page.count("Phòng Văn hóa - Xã hội") == 2  # Kiều Phú's and Phúc Thọ's
    assert f'thuộc <a href="?org={world.kp.pk}">Xã Kiều Phú</a>' in page
    assert "Văn hóa - Xã hội phường" not in page  # Gia Viên, another city

    assert (
        "Thôn Phú Hữu" in client_for(world.hn_leader).get(TREE, {"q": "T-KP-T1"}).content.decode()
    )
    nothing = client_for(world.kp_officer).get(TREE, {"q": "Gia Viên"}).content.decode()
    assert "Không tìm thấy đơn vị nào khớp với «Gia Viên»" in nothing


def test_a_superuser_starts_from_every_province(world, client_for):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True, role=Role.ADMIN)
    page = client_for(admin).get(TREE).content.decode()
    assert f'href="?org={world.hn.pk}"' in page and f'href="?org={world.gv.pk}"' not in page
    assert "Thành phố Hải Phòng" in page
