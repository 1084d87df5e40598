/* Name and place tables of the benchmark register, shared by the generator
 * and the search benchmark (which picks its queries from them).
 *
 * Frequencies are skewed on purpose: the first surnames are held by tens of
 * thousands in a register of a million, the synthesised tail by a few dozen
 * each, and RARE_SURNAMES by a handful each. */
#ifndef REGDESK_BENCH_NAMES_H
#define REGDESK_BENCH_NAMES_H

/* The most common surnames and their weight (per mille of contacts). */
static const struct weighted_name {
	const char *name;
	int per_mille;
} common_surnames[] = {
	{ "Korhonen", 32 }, { "Virtanen", 30 }, { "Mäkinen", 26 }, { "Nieminen", 22 },
	{ "Mäkelä", 18 }, { "Hämäläinen", 17 }, { "Laine", 15 }, { "Heikkinen", 14 },
	{ "Koskinen", 13 }, { "Järvinen", 12 }, { "Lehtonen", 11 }, { "Lehtinen", 11 },
	{ "Saarinen", 10 }, { "Salminen", 10 }, { "Heinonen", 9 }, { "Niemi", 9 },
	{ "Heikkilä", 8 }, { "Kinnunen", 8 }, { "Salonen", 8 }, { "Turunen", 7 },
	{ "Salo", 7 }, { "Laitinen", 7 }, { "Tuominen", 7 }, { "Rantanen", 6 },
	{ "Karjalainen", 6 }, { "Jokinen", 6 }, { "Mattila", 6 }, { "Savolainen", 6 },
	{ "Lahtinen", 5 }, { "Ahonen", 5 }, { "Ojala", 5 }, { "Leppänen", 5 },
	{ "Väisänen", 5 }, { "Kallio", 5 }, { "Räsänen", 4 }, { "Aaltonen", 4 },
	{ "Öhman", 4 }, { "Lindqvist", 4 }, { "Söderström", 4 }, { "Åkerlund", 4 },
	{ "Lindroos", 3 }, { "Nyström", 3 }, { "Sundström", 3 }, { "Holmberg", 3 },
	{ "Grönroos", 3 }, { "Wikström", 3 }, { "Johansson", 3 }, { "Eriksson", 3 },
	{ "Åberg", 3 },
	{ "Äijälä", 2 }, { "Östman", 2 }, { "Ylönen", 2 }, { "Kärkkäinen", 2 },
	{ "af Forselles", 1 }, { "von Wright", 1 }, { "af Hällström", 1 }, { "von Bonsdorff", 1 },
	{ "af Heurlin", 1 }, { "von Knorring", 1 }, { "de la Chapelle", 1 },
};

/* Stems and endings from which the long tail of surnames is made:
 * Kivimäki, Järvelä, Lindström, Söderholm ... */
static const char *const finnish_stems[] = {
	"Kivi", "Mäki", "Järvi", "Lahti", "Koski", "Niemi", "Salo", "Laakso", "Harju", "Rinne",
	"Vuori", "Saari", "Ranta", "Oja", "Suo", "Metsä", "Kallio", "Aho", "Haka", "Pelto",
	"Honka", "Kuusi", "Mänty", "Koivu", "Leppä", "Tammi", "Paju", "Haapa", "Lehto", "Kangas",
	"Nurmi", "Pohjo", "Itä", "Länsi", "Ylä", "Ala", "Väli", "Hiet", "Sorsa", "Kurki",
};
static const char *const finnish_endings[] = {
	"nen", "la", "lä", "aho", "mäki", "oja", "niemi", "vaara", "salo", "koski", "lahti",
	"pää", "harju", "ranta", "suo", "lehto", "kangas", "järvi", "inen", "ola",
};
static const char *const swedish_stems[] = {
	"Lind", "Berg", "Ström", "Holm", "Sjö", "Ek", "Björk", "Gran", "Ny", "Sand", "Åker",
	"Söder", "Norr", "Väster", "Öster", "Dahl", "Lund", "Hag", "Fors", "Blom", "Eng", "Ås",
};
static const char *const swedish_endings[] = {
	"qvist", "ström", "berg", "holm", "lund", "man", "gren", "blad", "roos", "dahl", "bäck", "ling",
};

/* Held by a handful each; the search benchmark's "rare surname" class. */
#define RARE_HOLDERS 5
static const char *const rare_surnames[] = {
	"Zilliacus", "Qvarnström", "Ehrnrooth", "Wrede af Elimä", "Yrjö-Koskinen", "Xenakis",
};

static const struct weighted_name first_names[] = {
	{ "Anna", 40 }, { "Matti", 38 }, { "Maria", 34 }, { "Juha", 30 }, { "Timo", 28 },
	{ "Liisa", 26 }, { "Mikko", 26 }, { "Sanna", 22 }, { "Jari", 22 }, { "Kari", 22 },
	{ "Tiina", 20 }, { "Antti", 20 }, { "Johanna", 20 }, { "Pekka", 20 }, { "Päivi", 18 },
	{ "Jukka", 18 }, { "Leena", 18 }, { "Markku", 16 }, { "Kaisa", 16 }, { "Mika", 16 },
	{ "Minna", 16 }, { "Janne", 15 }, { "Riikka", 15 }, { "Ville", 15 }, { "Aino", 14 },
	{ "Tuomas", 14 }, { "Eeva", 14 }, { "Heikki", 14 }, { "Helmi", 12 }, { "Lauri", 12 },
	{ "Sofia", 12 }, { "Eero", 12 }, { "Emilia", 12 }, { "Olli", 12 }, { "Hanna", 12 },
	{ "Sami", 12 }, { "Laura", 12 }, { "Petri", 12 }, { "Katja", 10 }, { "Jussi", 10 },
	{ "Sari", 10 }, { "Väinö", 8 }, { "Marja", 10 }, { "Yrjö", 6 }, { "Pirjo", 8 },
	{ "Jyrki", 8 }, { "Ritva", 8 }, { "Tapio", 8 }, { "Tuula", 8 }, { "Elina", 10 },
	{ "Kirsi", 8 }, { "Satu", 8 }, { "Ilona", 6 }, { "Lars", 8 }, { "Erik", 8 },
	{ "Johan", 8 }, { "Anders", 6 }, { "Björn", 6 }, { "Mikael", 8 }, { "Henrik", 6 },
	{ "Fredrik", 6 }, { "Göran", 5 }, { "Stefan", 6 }, { "Åsa", 5 }, { "Ulla", 6 },
	{ "Birgitta", 5 }, { "Kristina", 6 }, { "Ingrid", 5 }, { "Märta", 4 }, { "Solveig", 4 },
	{ "Ebba", 4 }, { "Linnéa", 4 }, { "Camilla", 5 }, { "Margareta", 4 }, { "Ann-Christine", 3 },
	{ "Karl-Erik", 3 }, { "Anna-Liisa", 4 }, { "Marja-Leena", 4 },
};

static const struct place {
	const char *city;
	int postal_base;        /* first code of the city's range */
	int postal_span;        /* how many codes above it (by tens) */
} places[] = {
	{ "Helsinki", 100, 90 }, { "Espoo", 2100, 88 }, { "Vantaa", 1300, 47 }, { "Tampere", 33100, 86 },
	{ "Turku", 20100, 86 }, { "Oulu", 90100, 84 }, { "Jyväskylä", 40100, 85 }, { "Kuopio", 70100, 80 },
	{ "Lahti", 15100, 80 }, { "Pori", 28100, 80 }, { "Mikkeli", 50100, 87 }, { "Ähtäri", 63700, 1 },
	{ "Vaasa", 65100, 38 }, { "Porvoo", 6100, 55 }, { "Pietarsaari", 68600, 7 }, { "Närpiö", 64200, 4 },
	{ "Rovaniemi", 96100, 90 }, { "Seinäjoki", 60100, 80 }, { "Hämeenlinna", 13100, 50 },
	{ "Kotka", 48100, 40 }, { "Äänekoski", 44100, 12 }, { "Ylöjärvi", 33470, 3 }, { "Maarianhamina", 22100, 1 },
	{ "Lappeenranta", 53100, 90 }, { "Joensuu", 80100, 80 }, { "Kemi", 94100, 70 },
};

static const char *const streets[] = {
	"Mannerheimintie", "Hämeenkatu", "Aleksanterinkatu", "Kauppakatu", "Koulukatu", "Rantatie",
	"Storgatan", "Åbovägen", "Länsiväylä", "Itäväylä", "Kirkkokatu", "Pohjoisesplanadi",
	"Myllytie", "Koivukuja", "Männistöntie", "Tehtaankatu", "Sjötullsgatan", "Öljytie",
};

static const char *const trades[] = {
	"Kone", "Huolto", "Korjaus", "Sähkö", "Rakennus", "Kuljetus", "Puhdistus", "Trading",
	"Konsultointi", "Asennus", "Lämpö", "Vesi", "Metalli", "Puu", "Tekniikka", "Logistiikka",
};

static const char *const mail_domains[] = {
	"gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "suomi24.fi", "elisanet.fi",
	"kolumbus.fi", "welho.com", "luukku.com", "pp.inet.fi",
};

static const char *const titles[] = {
	"", "", "", "", "", "toimitusjohtaja", "huoltopäällikkö", "kiinteistöpäällikkö", "isännöitsijä",
	"ostopäällikkö", "CEO", "VD", "asentaja", "projektipäällikkö",
};

#define COUNT_OF(array) ((int)(sizeof(array) / sizeof((array)[0])))

#endif
