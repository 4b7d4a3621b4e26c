"""Phrase material for generated demo answers, written for the fictional town Norrforsa.

Each concern is a list of ways residents or staff might put it; the generator
combines them with places, times and framing so that no two answers read alike.
"""

from __future__ import annotations

PLACES = [
    "vid resecentrum",
    "i Strandparken",
    "runt torget",
    "vid Kvarnbackens skola",
    "på Hedåsens centrum",
    "längs cykelvägen mot Solgläntan",
    "vid badplatsen",
    "bakom simhallen",
    "på parkeringen vid Coop",
    "i gångtunneln under riksvägen",
    "vid fritidsgården",
    "nere vid hamnen",
    "på Storgatan",
    "vid idrottsplatsen",
    "runt pizzerian i Byarna",
    "vid busshållplatsen på Skolgatan",
]
TIMES = [
    "på kvällarna",
    "på helgerna",
    "efter midnatt",
    "när det är mörkt",
    "på fredagskvällar",
    "hela sommaren",
    "under vintern",
    "efter skolan",
    "sent på nätterna",
    "",
]

CONCERNS: dict[str, list[str]] = {
    "narkotika": [
        "Det säljs knark {place} {time}",
        "Öppen langning av narkotika {place}",
        "Tonåringar som röker hasch {place}",
        "Narkotikan bland tonåringar ökar",
        "Jag ser sprutor och påsar {place}",
        "Narkotikahandeln måste stoppas",
        "Drogpåverkade personer uppehåller sig {place} {time}",
        "Mina barn har blivit erbjudna hasch {place}",
    ],
    "trafik": [
        "Bilarna håller för hög hastighet {place}",
        "Buskörning med EPA och moppar {time}",
        "Fortkörning på Storgatan, någon kommer att bli påkörd",
        "Farliga korsningar för barnen på väg till skolan",
        "Raggare som gasar och tutar {time}",
        "Det behövs farthinder {place}",
        "Ingen respekterar övergångsstället {place}",
        "Rattfylla, folk kör hem från krogen",
    ],
    "polisnarvaro": [
        "Polisen syns aldrig här {time}",
        "Fler poliser ute på gatorna {time}",
        "Kommunen behöver en egen närpolis",
        "Polisen dröjer timmar efter att man larmat",
        "Synlig polis {place} skulle göra mig tryggare",
        "Polisstationen är stängd nästan jämt",
        "Önskar att polisen pratade mer med ungdomarna",
    ],
    "ordning": [
        "Stökiga gäng av ungdomar {place} {time}",
        "Bråk och skrik {place} {time}",
        "Gäng som trakasserar förbipasserande",
        "Oljud från fester {time}",
        "Ungdomar som kastar saker på bussarna",
        "Det är otryggt {place} för att folk samlas och stökar",
    ],
    "skadegorelse": [
        "Klotter överallt {place}",
        "Krossade busskurer och sönderslagna rutor",
        "Någon har eldat i soptunnorna {place}",
        "Skadegörelse på skolan {time}",
        "Vandalisering av lekplatsen",
        "Cyklar och bilar som blir förstörda {place}",
    ],
    "nedskrapning": [
        "Skräp och fimpar {place}",
        "Nedskräpningen {place} är hemsk",
        "Glas och burkar som folk slänger {place} {time}",
        "Soporna svämmar över {place}",
    ],
    "belysning": [
        "Dålig belysning {place}",
        "Gatlyktorna är trasiga {place} och det är becksvart",
        "Mörkt och igenvuxet {place}, man ser ingenting",
        "Det behövs mer ljus {place} under vintern",
        "Buskarna har växt igen och lamporna lyser inte",
    ],
    "alkohol": [
        "Fylla och berusade personer {place} {time}",
        "Ungdomar som dricker alkohol {place}",
        "Langning av sprit till minderåriga",
        "Folk som är fulla utanför systembolaget",
        "Det supes mycket {place} {time}",
    ],
    "inbrott_stold": [
        "Inbrott i förråd och källare",
        "Cykelstölder {place}",
        "Det har varit flera inbrott i villorna i vårt område",
        "Stölder ur bilar {place} {time}",
        "Någon stal min båtmotor i somras",
        "Snatteri i butikerna har ökat",
    ],
    "bedrageri": [
        "Telefonbedrägerier mot äldre",
        "Min pappa ringdes upp av en falsk bankman och förlorade pengar",
        "Bedragare som ringer och vill ha BankID",
        "Falska sms om paket och betalningar",
        "Bluffakturor till föreningar och företag",
    ],
    "vald": [
        "Misshandel {place} {time}",
        "Rädd för att bli rånad {place}",
        "Personalen utsätts för hot",
        "Jag har hört att unga bär kniv",
        "Skottlossning i grannkommunen gör mig orolig",
        "Kriminella gäng som rekryterar ungdomar",
        "Mäns våld mot kvinnor i hemmen är dolt",
    ],
}

STAFF_CONCERNS: dict[str, list[str]] = {
    "narkotika": [
        "Elever säger att droger är enkla att få tag i",
        "Vi ser fler unga med missbruk i socialtjänsten",
        "Narkotika på högstadiet, det har ökat senaste året",
    ],
    "ordning": [
        "Otrygg stämning på fritidsgården när vissa grupper kommer",
        "Stök i skolans korridorer och på rasterna",
    ],
    "vald": [
        "Personal i hemtjänsten blir hotade",
        "Ungdomar som rekryteras av kriminella, vi ser tecken i skolan",
        "Våld mellan elever som filmas och sprids",
    ],
    "polisnarvaro": [
        "Svårt att nå polisen när vi behöver samverka",
        "Vi önskar fasta kontaktpersoner hos polisen",
    ],
    "skadegorelse": [
        "Återkommande skadegörelse på skolans fönster",
        "Fastighetsavdelningen lagar klotter varje vecka",
    ],
    "alkohol": [
        "Berusade ungdomar vid skolavslutning och högtider",
        "Vi möter många vuxna med alkoholproblem",
    ],
}

FRAMES = [
    "{c}.",
    "{c}!",
    "{c}",
    "Mest av allt: {c_lower}.",
    "Jag tycker att det största problemet är {c_lower}.",
    "{c}. Det känns otryggt.",
    "{c} och det blir bara värre.",
    "{c}, gör något åt det!",
    "Som förälder oroar jag mig: {c_lower}.",
    "{c}. Har bott här i 20 år och aldrig sett det så här.",
]

NON_ANSWERS = ["vet ej", "Inget", "-", "nej", "ingen aning", "Inga synpunkter"]

ENGLISH_ANSWERS = [
    "Cars drive far too fast on the main street",
    "More police on the streets at night please",
    "Drug dealing near the bus station",
    "The street lamps are broken and winter evenings are pitch black",
    "Groups of teenagers shouting at night",
    "My bike was stolen outside the library",
]

FINNISH_ANSWERS = [
    "Liian vähän poliiseja kaduilla",
    "Huumeita myydään koulun lähellä",
    "Autot ajavat liian lujaa",
    "Katuvalot eivät toimi ja on pimeää",
]

# Made-up personal details so reviewers can see the redaction at work.
WITH_PERSONAL_DATA = [
    "Ring mig på 070-123 45 67 så berättar jag mer om langningen",
    "Min granne Anna Lindqvist har haft inbrott två gånger",
    "Skicka svar till trygg.norrforsa@example.com, det gäller klottret vid skolan",
]

NEW_TOPICS = [
    "Snöröjningen på gångvägarna är dålig, man halkar",
    "Bussarna går för sällan på kvällen så man måste gå hem i mörkret",
    "Snön plogas inte på cykelvägen och folk går i gatan",
    "Kollektivtrafiken slutar för tidigt, ungdomar liftar hem",
]
