"""Country names in the reader's language: the profile's choices, the search filter and the
figures all read them from accounts/countries.py."""

from django.utils import translation

from accounts.countries import countries, country_choices, country_members, country_names
from accounts.forms import ProfileForm
from forum.forms import SearchForm


def test_every_country_has_a_name_in_each_language_of_the_site(settings):
    languages = {code for code, _name in settings.LANGUAGES} - {"en"}
    for country in countries():
        assert set(country["names"]) >= languages, country["code"]
        assert all(name.strip() for name in country["names"].values())


def test_names_follow_the_active_language_with_the_osce_forms():
    with translation.override("ru"):
        assert country_names()["AL"] == "Албания"
        assert country_names()["RU"] == "Российская Федерация"
        assert country_names()["other"] == "Другое / нет"
    with translation.override("fr"):
        assert country_names()["VA"] == "Saint-Siège"
    with translation.override("en"):
        assert country_names()["VA"] == "Holy See"


def test_a_group_is_in_the_alphabetical_order_of_the_language_accents_aside():
    with translation.override("fr"):
        names = [name for _code, name in country_members("mediterranean_partner")]
    assert names == ["Algérie", "Égypte", "Israël", "Jordanie", "Maroc", "Tunisie"]


def test_the_profile_and_search_forms_offer_the_names_in_the_readers_language():
    with translation.override("ru"):
        profile = str(ProfileForm()["country"])
        search = str(SearchForm()["where"])
        grouped = dict(country_choices()[:3])
    assert "Германия" in profile and "Germany" not in profile
    assert "Выберите страну" in profile
    assert "Германия" in search
    assert len(grouped) == 3
