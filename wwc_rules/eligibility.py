"""Who may apply: a city's population and where it is (pure).

The 2022 program is open to cities of 30,000+ residents in North, Central and
South America (``eligibility`` in the standard file, with its source). A city's
region is what its team typed after the name: a US state or Canadian province
(usually its two-letter code), or a country. Only a region known to be outside
the Americas is called outside; anything not recognised is *unknown*, so a city
is never told it cannot apply because of a spelling we do not know.

>>> from wwc_rules import load_standard
>>> check_eligibility(load_standard(), "UK", 550_000).reason
'region'
>>> check_eligibility(load_standard(), "AZ", 185_000).eligible
True
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, NamedTuple

from .models import Standard

Reason = Literal["eligible", "population", "region", "unknown_population", "unknown_region", "no_rule"]


class EligibilityCheck(NamedTuple):
    """``eligible`` is None when it cannot be told (population or region unknown)."""

    eligible: bool | None
    reason: Reason
    in_americas: bool | None


def _words(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9]+", text.replace(".", "")))


def _set(text: str) -> frozenset[str]:
    return frozenset(_words(w) for w in text.split(",") if w.strip())


# Two-letter codes of US states, DC and territories, and Canadian provinces and territories; the codes of
# Brazil's states (UF) that are not already one of those ("Fortaleza, CE"; "ES" is left out: it also reads as
# Spain); and the usual abbreviations of Mexico's states ("Guadalajara, Jal.").
_AMERICAS_CODES = _set(
    "al, ak, az, ar, ca, co, ct, de, fl, ga, hi, id, il, in, ia, ks, ky, la, me, md, ma, mi, mn, ms, mo, mt, ne, "
    "nv, nh, nj, nm, ny, nc, nd, oh, ok, or, pa, ri, sc, sd, tn, tx, ut, vt, va, wa, wv, wi, wy, dc, pr, gu, vi, "
    "as, mp, ab, bc, mb, nb, nl, ns, nt, nu, on, pe, qc, sk, yt, "
    "ac, ap, am, ba, ce, df, go, mg, pb, pi, rj, rn, rs, ro, rr, sp, se, to, "
    "ags, bcs, camp, chis, chih, coah, col, dgo, edomex, gto, gro, hgo, jal, mich, mor, nay, oax, pue, qro, qroo, "
    "slp, sin, son, tab, tamps, tlax, ver, yuc, zac"
)
# Countries of North, Central and South America and the Caribbean, a few other spellings, and the
# names of US states, Canadian provinces and the larger Latin American states and provinces
# (cities often give those instead of the country).
_AMERICAS_NAMES = _set(
    "usa, us, u s a, united states, united states of america, america, canada, mexico, estados unidos mexicanos, "
    "guatemala, belize, belice, honduras, el salvador, nicaragua, costa rica, panama, cuba, haiti, "
    "dominican republic, republica dominicana, jamaica, puerto rico, bahamas, the bahamas, barbados, "
    "trinidad and tobago, grenada, saint lucia, st lucia, saint vincent and the grenadines, antigua and barbuda, "
    "dominica, saint kitts and nevis, colombia, venezuela, ecuador, peru, bolivia, brazil, brasil, paraguay, "
    "uruguay, argentina, chile, guyana, suriname, french guiana, greenland, bermuda, aruba, curacao, "
    # US states and DC
    "alabama, alaska, arizona, arkansas, california, colorado, connecticut, delaware, florida, georgia, hawaii, "
    "idaho, illinois, indiana, iowa, kansas, kentucky, louisiana, maine, maryland, massachusetts, michigan, "
    "minnesota, mississippi, missouri, montana, nebraska, nevada, new hampshire, new jersey, new mexico, "
    "new york, north carolina, north dakota, ohio, oklahoma, oregon, pennsylvania, rhode island, "
    "south carolina, south dakota, tennessee, texas, utah, vermont, virginia, washington, west virginia, "
    "wisconsin, wyoming, district of columbia, washington dc, guam, "
    # Canadian provinces and territories
    "alberta, british columbia, manitoba, new brunswick, newfoundland and labrador, nova scotia, ontario, "
    "prince edward island, quebec, saskatchewan, yukon, northwest territories, nunavut, "
    # larger states and provinces of Mexico, Brazil, Argentina and Colombia
    "nuevo leon, jalisco, ciudad de mexico, cdmx, estado de mexico, puebla, yucatan, sonora, chihuahua, "
    "coahuila, guanajuato, queretaro, baja california, veracruz, sao paulo, rio de janeiro, minas gerais, "
    "pernambuco, ceara, rio grande do sul, parana, bahia, santa catarina, buenos aires, cordoba, mendoza, "
    "santa fe, antioquia, cundinamarca, valle del cauca, atlantico, santander, "
    # the other states, departments and provinces people name instead of the country (Mexico, Brazil,
    # Colombia, Argentina, Chile, Peru, Ecuador, Uruguay); names shared with Spain's regions are left out
    "aguascalientes, baja california sur, campeche, chiapas, colima, durango, guerrero, hidalgo, michoacan, "
    "morelos, nayarit, oaxaca, quintana roo, san luis potosi, sinaloa, tabasco, tamaulipas, tlaxcala, zacatecas, "
    "amazonas, para, goias, espirito santo, paraiba, piaui, maranhao, alagoas, sergipe, rio grande do norte, "
    "mato grosso, mato grosso do sul, tocantins, rondonia, roraima, amapa, acre, distrito federal, "
    "bolivar, boyaca, caldas, risaralda, quindio, tolima, huila, narino, cauca, meta, magdalena, cesar, sucre, "
    "la guajira, norte de santander, choco, casanare, caqueta, putumayo, "
    "tucuman, salta, neuquen, chubut, entre rios, misiones, corrientes, jujuy, san juan, rio negro, "
    "tierra del fuego, santiago del estero, region metropolitana, valparaiso, biobio, arequipa, cusco, "
    "pichincha, guayas, montevideo"
)
# Countries and regions outside the Americas, in the spellings people use.
_OUTSIDE_NAMES = _set(
    "uk, u k, gb, great britain, united kingdom, england, scotland, wales, northern ireland, britain, ireland, "
    "france, germany, deutschland, spain, espana, portugal, italy, italia, netherlands, the netherlands, holland, "
    "belgium, luxembourg, switzerland, austria, denmark, sweden, norway, finland, iceland, poland, czechia, "
    "czech republic, slovakia, hungary, romania, bulgaria, greece, croatia, slovenia, serbia, bosnia, "
    "bosnia and herzegovina, montenegro, albania, north macedonia, kosovo, estonia, latvia, lithuania, ukraine, "
    "belarus, moldova, russia, turkey, turkiye, cyprus, malta, armenia, azerbaijan, "
    "europe, eu, european union, "
    "israel, palestine, jordan, lebanon, syria, iraq, iran, saudi arabia, united arab emirates, uae, qatar, "
    "kuwait, bahrain, oman, yemen, egypt, morocco, algeria, tunisia, libya, "
    "nigeria, ghana, kenya, ethiopia, south africa, uganda, tanzania, rwanda, senegal, cameroon, "
    "cote d ivoire, ivory coast, zimbabwe, zambia, botswana, namibia, mozambique, angola, malawi, sudan, "
    "somalia, mali, niger, burkina faso, benin, togo, sierra leone, liberia, madagascar, mauritius, africa, "
    "india, pakistan, bangladesh, sri lanka, nepal, bhutan, afghanistan, kazakhstan, uzbekistan, "
    "china, hong kong, taiwan, japan, south korea, korea, north korea, mongolia, vietnam, viet nam, thailand, "
    "cambodia, laos, myanmar, malaysia, singapore, indonesia, philippines, brunei, timor leste, asia, "
    "australia, new zealand, aotearoa, papua new guinea, fiji, samoa, tonga, oceania"
)


def region_in_americas(region: str | None) -> bool | None:
    """True for a region in North, Central or South America, False for one known to be outside, else None."""
    if not region or not region.strip():
        return None
    key = _words(region)
    if not key:
        return None
    if key in _AMERICAS_CODES and len(key) == 2 and region.strip().replace(".", "").isupper():
        return True
    if key in _AMERICAS_NAMES:
        return True
    if key in _OUTSIDE_NAMES:
        return False
    if key in _AMERICAS_CODES:  # a state code typed in lower case ("az")
        return True
    return None


def check_eligibility(standard: Standard, region: str | None, population: int | None) -> EligibilityCheck:
    """Whether a city may apply under ``standard``'s eligibility rule, and if not, why."""
    rule = standard.eligibility
    in_americas = region_in_americas(region)
    if rule is None:
        return EligibilityCheck(None, "no_rule", in_americas)
    if rule.americas_only and in_americas is False:
        return EligibilityCheck(False, "region", in_americas)
    if population is None:
        return EligibilityCheck(None, "unknown_population", in_americas)
    if population < rule.min_population:
        return EligibilityCheck(False, "population", in_americas)
    if rule.americas_only and in_americas is None:
        return EligibilityCheck(None, "unknown_region", in_americas)
    return EligibilityCheck(True, "eligible", in_americas)
