// i18n-mapping.js: the interface strings of the mapping's views (views.js:
// stats, collaborations, the municipality filter, search's window note)
// in the six languages, kept apart from i18n.js,
// which merges them into its tables: a string missing here falls back to
// English as every other does.

export const MAPPING_STRINGS = {
  en: {
    nav_stats: 'Statistics', nav_collabs: 'Collaborations', stats_title: 'Statistics', stats_intro: 'Counts computed by this node from the records it holds, with a CSV download of every table.',
    stats_by_type: 'Organisations by type', stats_by_area: 'Organisations by area', stats_by_region: 'Organisations by region', stats_by_form: 'Collaborations by form', stats_charts: 'Charts',
    stats_orgs: 'Organisations by type, area, region and country', stats_collabs: 'Collaborations by form, level and public body', stats_members: 'Active network members by country',
    download_csv: 'Download CSV', stats_total: 'Records counted: {n}', col_count: 'Count', col_area: 'Area', col_region: 'Region', col_public_body: 'Public body', col_form: 'Form', col_level: 'Level',
    col_network: 'Network', col_arena: 'Named structure', col_parties: 'Other parties', collabs_title: 'Collaborations',
    collabs_intro: 'How civil society works with the public sector: by form, level, area and public body.', collabs_shown: 'Shown: {n}', no_collabs_match: 'No collaborations match these filters.',
    f_region: 'Region', any_region: 'All regions', f_form: 'Form', any_form: 'All forms', f_level: 'Level', any_level: 'All levels', no_rows: 'Nothing to count.',
    f_municipality: 'Municipality', any_municipality: 'All municipalities', search_truncated: 'More than {n} records match: only the {n} most recently created are ranked here. Add a word to narrow the search.',
  },
  sv: {
    nav_stats: 'Statistik', nav_collabs: 'Samverkan', stats_title: 'Statistik', stats_intro: 'Antal som noden räknar fram ur de poster den har, med varje tabell som CSV.',
    stats_by_type: 'Organisationer per typ', stats_by_area: 'Organisationer per område', stats_by_region: 'Organisationer per region', stats_by_form: 'Samverkan per form', stats_charts: 'Diagram',
    stats_orgs: 'Organisationer per typ, område, region och land', stats_collabs: 'Samverkan per form, nivå och offentlig aktör', stats_members: 'Aktiva nätverksmedlemmar per land',
    download_csv: 'Ladda ner CSV', stats_total: 'Räknade poster: {n}', col_count: 'Antal', col_area: 'Område', col_region: 'Region', col_public_body: 'Offentlig aktör', col_form: 'Form',
    col_level: 'Nivå', col_network: 'Nätverk', col_arena: 'Namngiven struktur', col_parties: 'Övriga parter', collabs_title: 'Samverkan',
    collabs_intro: 'Hur civilsamhället samverkar med det offentliga: efter form, nivå, område och offentlig aktör.', collabs_shown: 'Visas: {n}', no_collabs_match: 'Ingen samverkan matchar filtren.',
    f_region: 'Region', any_region: 'Alla regioner', f_form: 'Form', any_form: 'Alla former', f_level: 'Nivå', any_level: 'Alla nivåer', no_rows: 'Inget att räkna.',
    f_municipality: 'Kommun', any_municipality: 'Alla kommuner', search_truncated: 'Fler än {n} poster matchar: bara de {n} senast skapade rangordnas här. Lägg till ett ord för att smalna av sökningen.',
  },
  da: {
    nav_stats: 'Statistik', nav_collabs: 'Samarbejde', stats_title: 'Statistik', stats_intro: 'Tal som noden beregner ud fra de poster, den har, med hver tabel som CSV.',
    stats_by_type: 'Organisationer efter type', stats_by_area: 'Organisationer efter område', stats_by_region: 'Organisationer efter region', stats_by_form: 'Samarbejde efter form', stats_charts: 'Diagrammer',
    stats_orgs: 'Organisationer efter type, område, region og land', stats_collabs: 'Samarbejde efter form, niveau og offentlig myndighed', stats_members: 'Aktive netværksmedlemmer efter land',
    download_csv: 'Hent CSV', stats_total: 'Talte poster: {n}', col_count: 'Antal', col_area: 'Område', col_region: 'Region', col_public_body: 'Offentlig myndighed', col_form: 'Form',
    col_level: 'Niveau', col_network: 'Netværk', col_arena: 'Navngiven struktur', col_parties: 'Andre parter', collabs_title: 'Samarbejde',
    collabs_intro: 'Hvordan civilsamfundet samarbejder med det offentlige: efter form, niveau, område og myndighed.', collabs_shown: 'Vist: {n}', no_collabs_match: 'Intet samarbejde matcher filtrene.',
    f_region: 'Region', any_region: 'Alle regioner', f_form: 'Form', any_form: 'Alle former', f_level: 'Niveau', any_level: 'Alle niveauer', no_rows: 'Intet at tælle.',
    f_municipality: 'Kommune', any_municipality: 'Alle kommuner', search_truncated: 'Mere end {n} poster matcher: kun de {n} senest oprettede rangordnes her. Tilføj et ord for at indsnævre søgningen.',
  },
  nb: {
    nav_stats: 'Statistikk', nav_collabs: 'Samarbeid', stats_title: 'Statistikk', stats_intro: 'Tall som noden regner ut fra postene den har, med hver tabell som CSV.',
    stats_by_type: 'Organisasjoner etter type', stats_by_area: 'Organisasjoner etter område', stats_by_region: 'Organisasjoner etter region', stats_by_form: 'Samarbeid etter form', stats_charts: 'Diagrammer',
    stats_orgs: 'Organisasjoner etter type, område, region og land', stats_collabs: 'Samarbeid etter form, nivå og offentlig aktør', stats_members: 'Aktive nettverksmedlemmer etter land',
    download_csv: 'Last ned CSV', stats_total: 'Telte poster: {n}', col_count: 'Antall', col_area: 'Område', col_region: 'Region', col_public_body: 'Offentlig aktør', col_form: 'Form',
    col_level: 'Nivå', col_network: 'Nettverk', col_arena: 'Navngitt struktur', col_parties: 'Andre parter', collabs_title: 'Samarbeid',
    collabs_intro: 'Hvordan sivilsamfunnet samarbeider med det offentlige: etter form, nivå, område og offentlig aktør.', collabs_shown: 'Vist: {n}', no_collabs_match: 'Ingen samarbeid passer med filtrene.',
    f_region: 'Region', any_region: 'Alle regioner', f_form: 'Form', any_form: 'Alle former', f_level: 'Nivå', any_level: 'Alle nivåer', no_rows: 'Ingenting å telle.',
    f_municipality: 'Kommune', any_municipality: 'Alle kommuner', search_truncated: 'Flere enn {n} poster passer: bare de {n} sist opprettede rangeres her. Legg til et ord for å snevre inn søket.',
  },
  fi: {
    nav_stats: 'Tilastot', nav_collabs: 'Yhteistyö', stats_title: 'Tilastot', stats_intro: 'Solmun laskemat luvut sen tallentamista tietueista; jokainen taulukko myös CSV-muodossa.',
    stats_by_type: 'Järjestöt tyypin mukaan', stats_by_area: 'Järjestöt alan mukaan', stats_by_region: 'Järjestöt alueen mukaan', stats_by_form: 'Yhteistyö muodon mukaan', stats_charts: 'Kaaviot',
    stats_orgs: 'Järjestöt tyypin, alan, alueen ja maan mukaan', stats_collabs: 'Yhteistyö muodon, tason ja julkisen toimijan mukaan', stats_members: 'Verkostojen aktiiviset jäsenet maittain',
    download_csv: 'Lataa CSV', stats_total: 'Laskettuja tietueita: {n}', col_count: 'Määrä', col_area: 'Ala', col_region: 'Alue', col_public_body: 'Julkinen toimija', col_form: 'Muoto',
    col_level: 'Taso', col_network: 'Verkosto', col_arena: 'Nimetty rakenne', col_parties: 'Muut osapuolet', collabs_title: 'Yhteistyö',
    collabs_intro: 'Miten kansalaisyhteiskunta tekee yhteistyötä julkisen sektorin kanssa: muodon, tason, alan ja toimijan mukaan.', collabs_shown: 'Näytetään: {n}',
    no_collabs_match: 'Yksikään yhteistyö ei vastaa suodattimia.', f_region: 'Alue', any_region: 'Kaikki alueet', f_form: 'Muoto', any_form: 'Kaikki muodot', f_level: 'Taso', any_level: 'Kaikki tasot',
    no_rows: 'Ei laskettavaa.',
    f_municipality: 'Kunta', any_municipality: 'Kaikki kunnat', search_truncated: 'Yli {n} tietuetta vastaa hakua: tässä järjestetään vain {n} viimeksi luotua. Lisää sana rajataksesi hakua.',
  },
  is: {
    nav_stats: 'Tölfræði', nav_collabs: 'Samstarf', stats_title: 'Tölfræði', stats_intro: 'Tölur sem hnúturinn reiknar úr færslunum sem hann geymir; hver tafla fæst einnig sem CSV.',
    stats_by_type: 'Samtök eftir gerð', stats_by_area: 'Samtök eftir sviði', stats_by_region: 'Samtök eftir svæði', stats_by_form: 'Samstarf eftir formi', stats_charts: 'Myndrit',
    stats_orgs: 'Samtök eftir gerð, sviði, svæði og landi', stats_collabs: 'Samstarf eftir formi, stigi og opinberum aðila', stats_members: 'Virkir aðilar að netum eftir löndum',
    download_csv: 'Sækja CSV', stats_total: 'Taldar færslur: {n}', col_count: 'Fjöldi', col_area: 'Svið', col_region: 'Svæði', col_public_body: 'Opinber aðili', col_form: 'Form', col_level: 'Stig',
    col_network: 'Net', col_arena: 'Nefndur vettvangur', col_parties: 'Aðrir aðilar', collabs_title: 'Samstarf',
    collabs_intro: 'Hvernig almannasamtök vinna með hinu opinbera: eftir formi, stigi, sviði og opinberum aðila.', collabs_shown: 'Sýnt: {n}', no_collabs_match: 'Ekkert samstarf passar við síurnar.',
    f_region: 'Svæði', any_region: 'Öll svæði', f_form: 'Form', any_form: 'Öll form', f_level: 'Stig', any_level: 'Öll stig', no_rows: 'Ekkert að telja.',
    f_municipality: 'Sveitarfélag', any_municipality: 'Öll sveitarfélög', search_truncated: 'Fleiri en {n} færslur passa: aðeins {n} nýjustu færslunum er raðað hér. Bættu við orði til að þrengja leitina.',
  },
};
