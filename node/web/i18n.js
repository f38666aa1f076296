// i18n.js: the interface in Swedish, Danish, Norwegian (bokmål), Finnish,
// Icelandic and English; vocabularies of the records; dates and times in
// the visitor's time zone. A missing string falls back to English. The
// strings of an organisation's account are in i18n-account.js, those of the
// mapping's views in i18n-mapping.js, both merged in below.

import { ACCOUNT_STRINGS } from './i18n-account.js';
import { MAPPING_STRINGS } from './i18n-mapping.js';

import { hasLocale as has, pluralOne as one, fallbackFmt, fallbackNumber } from './locale.js';

export { fallbackFmt, fallbackNumber };
export const hasLocale = (kind, tag = current) => has(kind, tag);
const pluralOne = (n) => one(n, current);

export const UI_LANGS = [
  { tag: 'sv', name: 'Svenska', locale: 'sv-SE' },
  { tag: 'da', name: 'Dansk', locale: 'da-DK' },
  { tag: 'nb', name: 'Norsk bokmål', locale: 'nb-NO' },
  { tag: 'fi', name: 'Suomi', locale: 'fi-FI' },
  { tag: 'is', name: 'Íslenska', locale: 'is-IS' },
  { tag: 'en', name: 'English', locale: 'en-GB' },
];

export const COUNTRIES = ['SE', 'NO', 'DK', 'FI', 'IS', 'GL', 'FO', 'AX'];

// The vocabularies of the record schema (GET /api/v1/schema, the one
// table: protocol/record_schema.c) and where their words are translated
// below, under v: every word of a vocabulary mapped here has a
// translation in each of the six languages (tests/integration/
// test_schema.py fails otherwise). null: the page does not show the words
// of that vocabulary as words (codes shown as they are, or states it
// words itself, as scope_nordic). The lists of words come from the
// schema, never from here.
export const VOCAB_I18N = {
  classification: 'classification',
  focus_area: 'focus',
  network_scope: null,
  country: 'country',
  membership_role: 'role',
  membership_status: null,
  request_role: 'role',
  request_status: null,
  meeting_mode: 'mode',
  currency: null,
  meeting_status: 'status',
  resource_kind: 'kind',
  collaboration_form: 'form',
  collaboration_level: 'level',
  identifier_scheme: null,
  collaboration_arena: 'arena',
  party_role: 'party',
  lang: 'lang',
};

const S = {};

S.en = {
  brand: 'Nordic networks',
  tagline: 'Civil society across the Nordic countries',
  skip: 'Skip to content',
  nav_home: 'Overview', nav_networks: 'Networks', nav_orgs: 'Organisations',
  nav_meetings: 'Meetings', nav_map: 'Map',
  nav_label: 'Main',
  search_label: 'Search', search_placeholder: 'Search organisations, networks, meetings…',
  search_button: 'Search',
  language: 'Language',
  loading: 'Loading…',
  error_load: 'The data could not be loaded: {msg}',
  retry: 'Try again',
  not_found: 'There is nothing here.',
  node_badge: '{country} node',
  browsing_on: 'You are browsing the node of {country}. Every node holds every country’s data.',
  home_title: 'Civil society across Nordic borders',
  home_intro: 'Networks, organisations, meetings and resources from all eight Nordic countries and territories, in one place.',
  stat_orgs: ['organisation', 'organisations'],
  stat_networks: ['network', 'networks'],
  stat_meetings: ['upcoming meeting', 'upcoming meetings'],
  stat_countries: ['country or territory', 'countries and territories'],
  nordic_networks: 'Nordic networks', national_networks: 'National networks',
  all_networks: 'All networks',
  upcoming_meetings: 'Upcoming meetings', all_meetings: 'All meetings',
  lead_org: 'Lead organisation',
  members_n: ['{n} member', '{n} members'],
  countries_n: ['{n} country', '{n} countries'],
  next_meeting: 'Next meeting', no_next: 'No meeting scheduled',
  theme: 'Theme',
  scope_nordic: 'Nordic network', scope_national: 'National network',
  about: 'About the network',
  members_by_country: 'Members by country',
  resources: 'Resources', website: 'Website', meets: 'Meets',
  subscribe_ics: 'Subscribe to the calendar (.ics)',
  no_upcoming: 'No upcoming meetings.', no_resources: 'No resources yet.',
  not_replicated: 'not yet held by this node',
  members_none: 'No members yet.',
  orgs_title: 'Organisations',
  orgs_intro: 'Browse the organisations of every Nordic country and territory.',
  f_country: 'Country', f_type: 'Type', f_focus: 'Focus area', f_network: 'Network',
  any_country: 'All countries', any_type: 'All types', any_focus: 'All focus areas',
  any_network: 'All networks',
  clear_filters: 'Clear filters',
  orgs_count: ['{n} organisation', '{n} organisations'],
  load_more: 'Show more',
  no_orgs: 'No organisations match these filters.',
  description: 'Description', networks: 'Networks',
  collaborations: 'Collaborations with public bodies',
  identifiers: 'Identifiers', home_node: 'Home node', contacts: 'Contact persons',
  founded: 'Founded', other_names: 'Also known as', municipality: 'Municipality',
  region: 'Region', focus_areas: 'Focus areas', type: 'Type', country: 'Country',
  home_node_text: 'This organisation’s record is written and kept up to date by the node of {country}; the other nodes hold signed copies.',
  contacts_home_only: 'Contact persons are personal data: only the home node ({country}) keeps them.',
  open_home: 'Open on the node of {country}',
  contacts_n: ['{n} contact person', '{n} contact persons'],
  no_contacts: 'No contact persons are listed.',
  contacts_withheld: ['{n} contact person has not agreed to be shown publicly.', '{n} contact persons have not agreed to be shown publicly.'],
  org_contact: 'Contact', email: 'E-mail', phone: 'Phone', address: 'Address',
  no_networks: 'Not a member of any network.',
  no_collabs: 'No collaborations recorded.',
  since: 'since {date}',
  public_body: 'Public body',
  partner: 'Civil-society organisation',
  fallback: 'in {lang}',
  fallback_title: 'Not available in the chosen language; shown in {lang}.',
  meetings_title: 'Meetings',
  meetings_intro: 'Meetings of every network, upcoming first.',
  upcoming: 'Upcoming', earlier: 'Earlier meetings', show_earlier: 'Show earlier meetings',
  tz_note: 'Times are shown in your time zone ({tz}).',
  venue_time: '{time} local time ({tz})',
  reg_deadline: 'Registration closes {date}',
  reg_closed: 'Registration closed', reg_opens: 'Registration opens {date}',
  register: 'Register',
  seats_per_org: ['{n} seat per organisation', '{n} seats per organisation'],
  capacity: ['{n} place', '{n} places'],
  all_shown: ['{n} shown', 'All {n} shown'],
  node_down: 'The {country} node, which serves this page, does not answer. What you see may be out of date.',
  node_down_here: 'The node that serves this page does not answer. What you see may be out of date.',
  timed_out: 'the node did not answer in time',
  state_unknown: 'Unknown',
  seats_label: 'Seats per organisation', capacity_label: 'Places', reg_deadline_label: 'Registration deadline',
  free: 'Free of charge', cost: 'Cost', organiser: 'Organiser',
  place: 'Place', platform: 'Platform', languages: 'Languages',
  no_meetings: 'No meetings.', network: 'Network',
  search_title: 'Search', results_for: 'Results for “{q}”',
  results_n: ['{n} result', '{n} results'],
  no_results: 'Nothing found for “{q}”.',
  search_hint: 'One search box for all countries and languages. Nordic letters also match their plain forms: “Tromsø” and “tromso”, “Göteborg” and “goteborg” find the same.',
  search_empty: 'Type a word to search.',
  map_title: 'The federation on a map',
  map_intro: 'Every country’s node and whether it is in step with this node. Countries are shaded by the number of members of the chosen network.',
  map_members: 'Members per country', map_network: 'Shown on the map',
  map_all_orgs: 'All organisations',
  map_nodes: 'Node status', map_refresh: 'Refresh', map_updated: 'Updated {time}',
  behind: ['{n} update behind', '{n} updates behind'],
  missing: ['missing {n} update', 'missing {n} updates'],
  th_country: 'Country', th_node: 'Node', th_members: 'Members', th_orgs: 'Organisations',
  this_node: 'this node',
  map_label: 'Map of the Nordic countries and territories: {summary}',
  greenland_inset: 'Greenland, at another scale',
  footer_about: 'nordfed node of {country}, version {version}. Every node holds every Nordic country’s data, replicated with signed updates.',
  footer_api: 'Open API', footer_map: 'Map: Natural Earth (public domain).',
  published: 'Published {date}',
  organisations_short: 'organisations',
  members_short: 'members',
  requested: 'Membership requested',
  v: {
    classification: {
      association: 'Association', foundation: 'Foundation', cooperative: 'Cooperative',
      umbrella: 'Umbrella organisation', social_enterprise: 'Social enterprise',
      faith_community: 'Faith community', study_association: 'Study association',
      folk_high_school: 'Folk high school', trade_union: 'Trade union',
      informal_group: 'Informal group', municipality: 'Municipality', region: 'Region',
      state_agency: 'State agency', government: 'Government', parliament: 'Parliament',
      public_body_other: 'Other public body',
    },
    focus: {
      culture: 'Culture', social_care: 'Social care', education: 'Education',
      labour_market: 'Labour market', rural_development: 'Rural development',
      human_rights: 'Human rights', public_health: 'Public health',
      integration: 'Integration', innovation: 'Innovation', environment: 'Environment',
      health_care: 'Health care', gender_equality: 'Gender equality', youth: 'Youth',
      volunteering: 'Volunteering', democracy: 'Democracy',
    },
    form: {
      consultation: 'Consultation', dialogue: 'Dialogue', agreement: 'Agreement',
      iop: 'Idea-based public partnership (IOP)', grant: 'Grant', other: 'Other form',
    },
    level: { local: 'Local', regional: 'Regional', national: 'National', nordic: 'Nordic' },
    arena: {
      overenskommelsen: 'The Agreement (Överenskommelsen)', nod: 'NOD, the national body for dialogue and consultation',
      pgf: 'PGF, the joint forum of government and civil society', sakrad: 'Sakråd, a ministry\'s consultation council',
    },
    party: { civil_society: 'Civil society', public_body: 'Public body' },
    kind: {
      report: 'Report', method: 'Method', good_example: 'Good example', tool: 'Tool',
      training: 'Training', video: 'Video', event: 'Event',
    },
    mode: { online: 'Online', in_person: 'In person', hybrid: 'Hybrid' },
    role: { lead: 'Lead organisation', member: 'Member', observer: 'Observer' },
    status: { scheduled: 'Scheduled', cancelled: 'Cancelled', postponed: 'Postponed', completed: 'Held' },
    state: {
      in_step: 'In step', lagging: 'Lagging', unreachable: 'Unreachable',
      quarantined: 'Quarantined', none: 'Not connected',
    },
    type: {
      organisation: 'Organisations', network: 'Networks', meeting: 'Meetings',
      resource: 'Resources', collaboration: 'Collaborations',
      membership: 'Memberships', membership_request: 'Membership requests',
    },
    country: {
      SE: 'Sweden', NO: 'Norway', DK: 'Denmark', FI: 'Finland', IS: 'Iceland',
      GL: 'Greenland', FO: 'Faroe Islands', AX: 'Åland',
    },
    lang: {
      sv: 'Swedish', da: 'Danish', nb: 'Norwegian (bokmål)', nn: 'Norwegian (nynorsk)',
      fi: 'Finnish', is: 'Icelandic', kl: 'Greenlandic', fo: 'Faroese',
      se: 'Northern Sámi', en: 'English',
    },
  },
};

S.sv = {
  brand: 'Nordiska nätverk',
  tagline: 'Civilsamhället i hela Norden',
  skip: 'Hoppa till innehållet',
  nav_home: 'Översikt', nav_networks: 'Nätverk', nav_orgs: 'Organisationer',
  nav_meetings: 'Möten', nav_map: 'Karta',
  nav_label: 'Huvudmeny',
  search_label: 'Sök', search_placeholder: 'Sök organisationer, nätverk, möten…',
  search_button: 'Sök',
  language: 'Språk',
  loading: 'Laddar…',
  error_load: 'Det gick inte att hämta uppgifterna: {msg}',
  retry: 'Försök igen',
  not_found: 'Här finns ingenting.',
  node_badge: 'Nod: {country}',
  browsing_on: 'Du använder noden i {country}. Varje nod har uppgifterna från alla länder.',
  home_title: 'Civilsamhället över nordiska gränser',
  home_intro: 'Nätverk, organisationer, möten och material från alla åtta nordiska länder och självstyrande områden, på ett ställe.',
  stat_orgs: ['organisation', 'organisationer'],
  stat_networks: ['nätverk', 'nätverk'],
  stat_meetings: ['kommande möte', 'kommande möten'],
  stat_countries: ['land eller område', 'länder och områden'],
  nordic_networks: 'Nordiska nätverk', national_networks: 'Nationella nätverk',
  all_networks: 'Alla nätverk',
  upcoming_meetings: 'Kommande möten', all_meetings: 'Alla möten',
  lead_org: 'Huvudorganisation',
  members_n: ['{n} medlem', '{n} medlemmar'],
  countries_n: ['{n} land', '{n} länder'],
  next_meeting: 'Nästa möte', no_next: 'Inget möte inplanerat',
  theme: 'Tema',
  scope_nordic: 'Nordiskt nätverk', scope_national: 'Nationellt nätverk',
  about: 'Om nätverket',
  members_by_country: 'Medlemmar per land',
  resources: 'Material', website: 'Webbplats', meets: 'Träffas',
  subscribe_ics: 'Prenumerera på kalendern (.ics)',
  no_upcoming: 'Inga kommande möten.', no_resources: 'Inget material ännu.',
  not_replicated: 'finns ännu inte på den här noden',
  members_none: 'Inga medlemmar ännu.',
  orgs_title: 'Organisationer',
  orgs_intro: 'Bläddra bland organisationerna i alla nordiska länder och områden.',
  f_country: 'Land', f_type: 'Typ', f_focus: 'Verksamhetsområde', f_network: 'Nätverk',
  any_country: 'Alla länder', any_type: 'Alla typer', any_focus: 'Alla områden',
  any_network: 'Alla nätverk',
  clear_filters: 'Rensa filter',
  orgs_count: ['{n} organisation', '{n} organisationer'],
  load_more: 'Visa fler',
  no_orgs: 'Inga organisationer matchar filtren.',
  description: 'Beskrivning', networks: 'Nätverk',
  collaborations: 'Samverkan med offentliga aktörer',
  identifiers: 'Identifierare', home_node: 'Hemnod', contacts: 'Kontaktpersoner',
  founded: 'Grundad', other_names: 'Även känd som', municipality: 'Kommun',
  region: 'Region', focus_areas: 'Verksamhetsområden', type: 'Typ', country: 'Land',
  home_node_text: 'Organisationens uppgifter skrivs och hålls aktuella av noden i {country}; de andra noderna har signerade kopior.',
  contacts_home_only: 'Kontaktpersoner är personuppgifter: bara hemnoden ({country}) har dem.',
  open_home: 'Öppna på noden i {country}',
  contacts_n: ['{n} kontaktperson', '{n} kontaktpersoner'],
  no_contacts: 'Inga kontaktpersoner angivna.',
  contacts_withheld: ['{n} kontaktperson har inte samtyckt till att visas offentligt.', '{n} kontaktpersoner har inte samtyckt till att visas offentligt.'],
  org_contact: 'Kontakt', email: 'E-post', phone: 'Telefon', address: 'Adress',
  no_networks: 'Inte medlem i något nätverk.',
  no_collabs: 'Ingen samverkan registrerad.',
  since: 'sedan {date}',
  public_body: 'Offentlig aktör',
  partner: 'Civilsamhällesorganisation',
  fallback: 'på {lang}',
  fallback_title: 'Finns inte på det valda språket; visas på {lang}.',
  meetings_title: 'Möten',
  meetings_intro: 'Alla nätverks möten, de kommande först.',
  upcoming: 'Kommande', earlier: 'Tidigare möten', show_earlier: 'Visa tidigare möten',
  tz_note: 'Tiderna visas i din tidszon ({tz}).',
  venue_time: '{time} lokal tid ({tz})',
  reg_deadline: 'Sista anmälningsdag {date}',
  reg_closed: 'Anmälan stängd', reg_opens: 'Anmälan öppnar {date}',
  register: 'Anmäl dig',
  seats_per_org: ['{n} plats per organisation', '{n} platser per organisation'],
  capacity: ['{n} plats', '{n} platser'],
  all_shown: ['{n} visas', 'Alla {n} visas'],
  node_down: 'Noden i {country}, som visar den här sidan, svarar inte. Det du ser kan vara inaktuellt.',
  node_down_here: 'Noden som visar den här sidan svarar inte. Det du ser kan vara inaktuellt.',
  timed_out: 'noden svarade inte i tid',
  state_unknown: 'Okänt',
  seats_label: 'Platser per organisation', capacity_label: 'Platser', reg_deadline_label: 'Sista anmälningsdag',
  free: 'Kostnadsfritt', cost: 'Kostnad', organiser: 'Arrangör',
  place: 'Plats', platform: 'Plattform', languages: 'Språk',
  no_meetings: 'Inga möten.', network: 'Nätverk',
  search_title: 'Sök', results_for: 'Resultat för ”{q}”',
  results_n: ['{n} träff', '{n} träffar'],
  no_results: 'Inga träffar för ”{q}”.',
  search_hint: 'En sökruta för alla länder och språk. Nordiska bokstäver matchar också sina enkla former: ”Tromsø” och ”tromso”, ”Göteborg” och ”goteborg” ger samma träffar.',
  search_empty: 'Skriv ett ord för att söka.',
  map_title: 'Federationen på kartan',
  map_intro: 'Varje lands nod och om den är i takt med den här noden. Länderna är färgade efter antalet medlemmar i det valda nätverket.',
  map_members: 'Medlemmar per land', map_network: 'Visas på kartan',
  map_all_orgs: 'Alla organisationer',
  map_nodes: 'Nodernas status', map_refresh: 'Uppdatera', map_updated: 'Uppdaterad {time}',
  behind: ['{n} uppdatering efter', '{n} uppdateringar efter'],
  missing: ['saknar {n} uppdatering', 'saknar {n} uppdateringar'],
  th_country: 'Land', th_node: 'Nod', th_members: 'Medlemmar', th_orgs: 'Organisationer',
  this_node: 'den här noden',
  map_label: 'Karta över de nordiska länderna och områdena: {summary}',
  greenland_inset: 'Grönland, i annan skala',
  footer_about: 'nordfed-noden i {country}, version {version}. Varje nod har alla nordiska länders uppgifter, replikerade med signerade uppdateringar.',
  footer_api: 'Öppet API', footer_map: 'Karta: Natural Earth (allmän egendom).',
  published: 'Publicerad {date}',
  organisations_short: 'organisationer',
  members_short: 'medlemmar',
  requested: 'Medlemskap sökt',
  v: {
    classification: {
      association: 'Förening', foundation: 'Stiftelse', cooperative: 'Kooperativ',
      umbrella: 'Paraplyorganisation', social_enterprise: 'Socialt företag',
      faith_community: 'Trossamfund', study_association: 'Studieförbund',
      folk_high_school: 'Folkhögskola', trade_union: 'Fackförbund',
      informal_group: 'Informell grupp', municipality: 'Kommun', region: 'Region',
      state_agency: 'Statlig myndighet', government: 'Regering', parliament: 'Parlament',
      public_body_other: 'Annan offentlig aktör',
    },
    focus: {
      culture: 'Kultur', social_care: 'Social omsorg', education: 'Utbildning',
      labour_market: 'Arbetsmarknad', rural_development: 'Landsbygdsutveckling',
      human_rights: 'Mänskliga rättigheter', public_health: 'Folkhälsa',
      integration: 'Integration', innovation: 'Innovation', environment: 'Miljö',
      health_care: 'Hälso- och sjukvård', gender_equality: 'Jämställdhet', youth: 'Unga',
      volunteering: 'Frivillighet', democracy: 'Demokrati',
    },
    form: {
      consultation: 'Samråd', dialogue: 'Dialog', agreement: 'Överenskommelse',
      iop: 'Idéburet offentligt partnerskap (IOP)', grant: 'Bidrag', other: 'Annan form',
    },
    level: { local: 'Lokal', regional: 'Regional', national: 'Nationell', nordic: 'Nordisk' },
    arena: {
      overenskommelsen: 'Överenskommelsen', nod: 'NOD – Nationellt organ för dialog och samråd',
      pgf: 'PGF – Partsgemensamt forum', sakrad: 'Sakråd',
    },
    party: { civil_society: 'Civilsamhälle', public_body: 'Offentlig aktör' },
    kind: {
      report: 'Rapport', method: 'Metod', good_example: 'Gott exempel', tool: 'Verktyg',
      training: 'Utbildning', video: 'Video', event: 'Evenemang',
    },
    mode: { online: 'Digitalt', in_person: 'På plats', hybrid: 'På plats och digitalt' },
    role: { lead: 'Huvudorganisation', member: 'Medlem', observer: 'Observatör' },
    status: { scheduled: 'Planerat', cancelled: 'Inställt', postponed: 'Uppskjutet', completed: 'Genomfört' },
    state: {
      in_step: 'I takt', lagging: 'Släpar efter', unreachable: 'Nås inte',
      quarantined: 'I karantän', none: 'Inte ansluten',
    },
    type: {
      organisation: 'Organisationer', network: 'Nätverk', meeting: 'Möten',
      resource: 'Material', collaboration: 'Samverkan',
      membership: 'Medlemskap', membership_request: 'Medlemsansökningar',
    },
    country: {
      SE: 'Sverige', NO: 'Norge', DK: 'Danmark', FI: 'Finland', IS: 'Island',
      GL: 'Grönland', FO: 'Färöarna', AX: 'Åland',
    },
    lang: {
      sv: 'svenska', da: 'danska', nb: 'norska (bokmål)', nn: 'nynorska',
      fi: 'finska', is: 'isländska', kl: 'grönländska', fo: 'färöiska',
      se: 'nordsamiska', en: 'engelska',
    },
  },
};

S.da = {
  brand: 'Nordiske netværk',
  tagline: 'Civilsamfundet i hele Norden',
  skip: 'Gå til indholdet',
  nav_home: 'Overblik', nav_networks: 'Netværk', nav_orgs: 'Organisationer',
  nav_meetings: 'Møder', nav_map: 'Kort',
  nav_label: 'Hovedmenu',
  search_label: 'Søg', search_placeholder: 'Søg i organisationer, netværk, møder…',
  search_button: 'Søg',
  language: 'Sprog',
  loading: 'Henter…',
  error_load: 'Oplysningerne kunne ikke hentes: {msg}',
  retry: 'Prøv igen',
  not_found: 'Her er ikke noget.',
  node_badge: 'Node: {country}',
  browsing_on: 'Du bruger noden i {country}. Hver node har oplysningerne fra alle lande.',
  home_title: 'Civilsamfundet på tværs af de nordiske grænser',
  home_intro: 'Netværk, organisationer, møder og materialer fra alle otte nordiske lande og selvstyrende områder, samlet ét sted.',
  stat_orgs: ['organisation', 'organisationer'],
  stat_networks: ['netværk', 'netværk'],
  stat_meetings: ['kommende møde', 'kommende møder'],
  stat_countries: ['land eller område', 'lande og områder'],
  nordic_networks: 'Nordiske netværk', national_networks: 'Nationale netværk',
  all_networks: 'Alle netværk',
  upcoming_meetings: 'Kommende møder', all_meetings: 'Alle møder',
  lead_org: 'Ledende organisation',
  members_n: ['{n} medlem', '{n} medlemmer'],
  countries_n: ['{n} land', '{n} lande'],
  next_meeting: 'Næste møde', no_next: 'Intet møde planlagt',
  theme: 'Tema',
  scope_nordic: 'Nordisk netværk', scope_national: 'Nationalt netværk',
  about: 'Om netværket',
  members_by_country: 'Medlemmer efter land',
  resources: 'Materialer', website: 'Hjemmeside', meets: 'Mødes',
  subscribe_ics: 'Abonnér på kalenderen (.ics)',
  no_upcoming: 'Ingen kommende møder.', no_resources: 'Ingen materialer endnu.',
  not_replicated: 'findes endnu ikke på denne node',
  members_none: 'Ingen medlemmer endnu.',
  orgs_title: 'Organisationer',
  orgs_intro: 'Se organisationerne i alle nordiske lande og områder.',
  f_country: 'Land', f_type: 'Type', f_focus: 'Indsatsområde', f_network: 'Netværk',
  any_country: 'Alle lande', any_type: 'Alle typer', any_focus: 'Alle indsatsområder',
  any_network: 'Alle netværk',
  clear_filters: 'Nulstil filtre',
  orgs_count: ['{n} organisation', '{n} organisationer'],
  load_more: 'Vis flere',
  no_orgs: 'Ingen organisationer passer til filtrene.',
  description: 'Beskrivelse', networks: 'Netværk',
  collaborations: 'Samarbejde med offentlige myndigheder',
  identifiers: 'Identifikatorer', home_node: 'Hjemnode', contacts: 'Kontaktpersoner',
  founded: 'Stiftet', other_names: 'Også kendt som', municipality: 'Kommune',
  region: 'Region', focus_areas: 'Indsatsområder', type: 'Type', country: 'Land',
  home_node_text: 'Organisationens oplysninger skrives og holdes ajour af noden i {country}; de andre noder har signerede kopier.',
  contacts_home_only: 'Kontaktpersoner er personoplysninger: kun hjemnoden ({country}) har dem.',
  open_home: 'Åbn på noden i {country}',
  contacts_n: ['{n} kontaktperson', '{n} kontaktpersoner'],
  no_contacts: 'Ingen kontaktpersoner angivet.',
  contacts_withheld: ['{n} kontaktperson har ikke givet samtykke til at blive vist offentligt.', '{n} kontaktpersoner har ikke givet samtykke til at blive vist offentligt.'],
  org_contact: 'Kontakt', email: 'E-mail', phone: 'Telefon', address: 'Adresse',
  no_networks: 'Ikke medlem af noget netværk.',
  no_collabs: 'Intet samarbejde registreret.',
  since: 'siden {date}',
  public_body: 'Offentlig myndighed',
  partner: 'Civilsamfundsorganisation',
  fallback: 'på {lang}',
  fallback_title: 'Findes ikke på det valgte sprog; vises på {lang}.',
  meetings_title: 'Møder',
  meetings_intro: 'Alle netværks møder, de kommende først.',
  upcoming: 'Kommende', earlier: 'Tidligere møder', show_earlier: 'Vis tidligere møder',
  tz_note: 'Tidspunkterne vises i din tidszone ({tz}).',
  venue_time: '{time} lokal tid ({tz})',
  reg_deadline: 'Tilmeldingsfrist {date}',
  reg_closed: 'Tilmeldingen er lukket', reg_opens: 'Tilmeldingen åbner {date}',
  register: 'Tilmeld dig',
  seats_per_org: ['{n} plads pr. organisation', '{n} pladser pr. organisation'],
  capacity: ['{n} plads', '{n} pladser'],
  all_shown: ['{n} vises', 'Alle {n} vises'],
  node_down: 'Noden i {country}, som viser denne side, svarer ikke. Det, du ser, kan være forældet.',
  node_down_here: 'Noden, som viser denne side, svarer ikke. Det, du ser, kan være forældet.',
  timed_out: 'noden svarede ikke i tide',
  state_unknown: 'Ukendt',
  seats_label: 'Pladser pr. organisation', capacity_label: 'Pladser', reg_deadline_label: 'Tilmeldingsfrist',
  free: 'Gratis', cost: 'Pris', organiser: 'Arrangør',
  place: 'Sted', platform: 'Platform', languages: 'Sprog',
  no_meetings: 'Ingen møder.', network: 'Netværk',
  search_title: 'Søg', results_for: 'Resultater for »{q}«',
  results_n: ['{n} resultat', '{n} resultater'],
  no_results: 'Intet fundet for »{q}«.',
  search_hint: 'Ét søgefelt for alle lande og sprog. Nordiske bogstaver matcher også deres enkle former: »Tromsø« og »tromso«, »Göteborg« og »goteborg« finder det samme.',
  search_empty: 'Skriv et ord for at søge.',
  map_title: 'Føderationen på kortet',
  map_intro: 'Hvert lands node, og om den er i takt med denne node. Landene er farvet efter antallet af medlemmer i det valgte netværk.',
  map_members: 'Medlemmer pr. land', map_network: 'Vises på kortet',
  map_all_orgs: 'Alle organisationer',
  map_nodes: 'Nodernes status', map_refresh: 'Opdatér', map_updated: 'Opdateret {time}',
  behind: ['{n} opdatering bagud', '{n} opdateringer bagud'],
  missing: ['mangler {n} opdatering', 'mangler {n} opdateringer'],
  th_country: 'Land', th_node: 'Node', th_members: 'Medlemmer', th_orgs: 'Organisationer',
  this_node: 'denne node',
  map_label: 'Kort over de nordiske lande og områder: {summary}',
  greenland_inset: 'Grønland, i en anden målestok',
  footer_about: 'nordfed-noden i {country}, version {version}. Hver node har alle nordiske landes oplysninger, replikeret med signerede opdateringer.',
  footer_api: 'Åbent API', footer_map: 'Kort: Natural Earth (offentlig ejendom).',
  published: 'Udgivet {date}',
  organisations_short: 'organisationer',
  members_short: 'medlemmer',
  requested: 'Medlemskab søgt',
  v: {
    classification: {
      association: 'Forening', foundation: 'Fond', cooperative: 'Andelsselskab',
      umbrella: 'Paraplyorganisation', social_enterprise: 'Socialøkonomisk virksomhed',
      faith_community: 'Trossamfund', study_association: 'Oplysningsforbund',
      folk_high_school: 'Folkehøjskole', trade_union: 'Fagforening',
      informal_group: 'Uformel gruppe', municipality: 'Kommune', region: 'Region',
      state_agency: 'Statslig myndighed', government: 'Regering', parliament: 'Parlament',
      public_body_other: 'Anden offentlig myndighed',
    },
    focus: {
      culture: 'Kultur', social_care: 'Social omsorg', education: 'Uddannelse',
      labour_market: 'Arbejdsmarked', rural_development: 'Landdistriktsudvikling',
      human_rights: 'Menneskerettigheder', public_health: 'Folkesundhed',
      integration: 'Integration', innovation: 'Innovation', environment: 'Miljø',
      health_care: 'Sundhedsvæsen', gender_equality: 'Ligestilling', youth: 'Unge',
      volunteering: 'Frivillighed', democracy: 'Demokrati',
    },
    form: {
      consultation: 'Høring', dialogue: 'Dialog', agreement: 'Aftale',
      iop: 'Idébaseret offentligt partnerskab (IOP)', grant: 'Tilskud', other: 'Anden form',
    },
    level: { local: 'Lokalt', regional: 'Regionalt', national: 'Nationalt', nordic: 'Nordisk' },
    arena: {
      overenskommelsen: 'Överenskommelsen (den svenske aftale)', nod: 'NOD, svensk organ for dialog og høring',
      pgf: 'PGF, svensk fælles forum for regering og civilsamfund', sakrad: 'Sakråd, et svensk ministeriums høringsråd',
    },
    party: { civil_society: 'Civilsamfund', public_body: 'Offentlig myndighed' },
    kind: {
      report: 'Rapport', method: 'Metode', good_example: 'Godt eksempel', tool: 'Værktøj',
      training: 'Kursus', video: 'Video', event: 'Arrangement',
    },
    mode: { online: 'Online', in_person: 'Fysisk møde', hybrid: 'Fysisk og online' },
    role: { lead: 'Ledende organisation', member: 'Medlem', observer: 'Observatør' },
    status: { scheduled: 'Planlagt', cancelled: 'Aflyst', postponed: 'Udsat', completed: 'Afholdt' },
    state: {
      in_step: 'I takt', lagging: 'Halter bagefter', unreachable: 'Kan ikke nås',
      quarantined: 'I karantæne', none: 'Ikke forbundet',
    },
    type: {
      organisation: 'Organisationer', network: 'Netværk', meeting: 'Møder',
      resource: 'Materialer', collaboration: 'Samarbejder',
      membership: 'Medlemskaber', membership_request: 'Medlemsansøgninger',
    },
    country: {
      SE: 'Sverige', NO: 'Norge', DK: 'Danmark', FI: 'Finland', IS: 'Island',
      GL: 'Grønland', FO: 'Færøerne', AX: 'Åland',
    },
    lang: {
      sv: 'svensk', da: 'dansk', nb: 'norsk (bokmål)', nn: 'nynorsk',
      fi: 'finsk', is: 'islandsk', kl: 'grønlandsk', fo: 'færøsk',
      se: 'nordsamisk', en: 'engelsk',
    },
  },
};

S.nb = {
  brand: 'Nordiske nettverk',
  tagline: 'Sivilsamfunnet i hele Norden',
  skip: 'Gå til innholdet',
  nav_home: 'Oversikt', nav_networks: 'Nettverk', nav_orgs: 'Organisasjoner',
  nav_meetings: 'Møter', nav_map: 'Kart',
  nav_label: 'Hovedmeny',
  search_label: 'Søk', search_placeholder: 'Søk i organisasjoner, nettverk, møter…',
  search_button: 'Søk',
  language: 'Språk',
  loading: 'Laster…',
  error_load: 'Kunne ikke hente opplysningene: {msg}',
  retry: 'Prøv igjen',
  not_found: 'Her finnes det ingenting.',
  node_badge: 'Node: {country}',
  browsing_on: 'Du bruker noden i {country}. Hver node har opplysningene fra alle land.',
  home_title: 'Sivilsamfunnet på tvers av nordiske grenser',
  home_intro: 'Nettverk, organisasjoner, møter og ressurser fra alle de åtte nordiske landene og selvstyrte områdene, samlet på ett sted.',
  stat_orgs: ['organisasjon', 'organisasjoner'],
  stat_networks: ['nettverk', 'nettverk'],
  stat_meetings: ['kommende møte', 'kommende møter'],
  stat_countries: ['land eller område', 'land og områder'],
  nordic_networks: 'Nordiske nettverk', national_networks: 'Nasjonale nettverk',
  all_networks: 'Alle nettverk',
  upcoming_meetings: 'Kommende møter', all_meetings: 'Alle møter',
  lead_org: 'Ledende organisasjon',
  members_n: ['{n} medlem', '{n} medlemmer'],
  countries_n: ['{n} land', '{n} land'],
  next_meeting: 'Neste møte', no_next: 'Ingen møter planlagt',
  theme: 'Tema',
  scope_nordic: 'Nordisk nettverk', scope_national: 'Nasjonalt nettverk',
  about: 'Om nettverket',
  members_by_country: 'Medlemmer etter land',
  resources: 'Ressurser', website: 'Nettsted', meets: 'Møtes',
  subscribe_ics: 'Abonner på kalenderen (.ics)',
  no_upcoming: 'Ingen kommende møter.', no_resources: 'Ingen ressurser ennå.',
  not_replicated: 'finnes ennå ikke på denne noden',
  members_none: 'Ingen medlemmer ennå.',
  orgs_title: 'Organisasjoner',
  orgs_intro: 'Bla gjennom organisasjonene i alle nordiske land og områder.',
  f_country: 'Land', f_type: 'Type', f_focus: 'Fagområde', f_network: 'Nettverk',
  any_country: 'Alle land', any_type: 'Alle typer', any_focus: 'Alle fagområder',
  any_network: 'Alle nettverk',
  clear_filters: 'Nullstill filtre',
  orgs_count: ['{n} organisasjon', '{n} organisasjoner'],
  load_more: 'Vis flere',
  no_orgs: 'Ingen organisasjoner passer til filtrene.',
  description: 'Beskrivelse', networks: 'Nettverk',
  collaborations: 'Samarbeid med offentlige aktører',
  identifiers: 'Identifikatorer', home_node: 'Hjemnode', contacts: 'Kontaktpersoner',
  founded: 'Stiftet', other_names: 'Også kjent som', municipality: 'Kommune',
  region: 'Region', focus_areas: 'Fagområder', type: 'Type', country: 'Land',
  home_node_text: 'Organisasjonens opplysninger skrives og holdes oppdatert av noden i {country}; de andre nodene har signerte kopier.',
  contacts_home_only: 'Kontaktpersoner er personopplysninger: bare hjemnoden ({country}) har dem.',
  open_home: 'Åpne på noden i {country}',
  contacts_n: ['{n} kontaktperson', '{n} kontaktpersoner'],
  no_contacts: 'Ingen kontaktpersoner oppgitt.',
  contacts_withheld: ['{n} kontaktperson har ikke samtykket til å vises offentlig.', '{n} kontaktpersoner har ikke samtykket til å vises offentlig.'],
  org_contact: 'Kontakt', email: 'E-post', phone: 'Telefon', address: 'Adresse',
  no_networks: 'Ikke medlem av noe nettverk.',
  no_collabs: 'Ingen samarbeid registrert.',
  since: 'siden {date}',
  public_body: 'Offentlig aktør',
  partner: 'Sivilsamfunnsorganisasjon',
  fallback: 'på {lang}',
  fallback_title: 'Finnes ikke på valgt språk; vises på {lang}.',
  meetings_title: 'Møter',
  meetings_intro: 'Møtene i alle nettverk, de kommende først.',
  upcoming: 'Kommende', earlier: 'Tidligere møter', show_earlier: 'Vis tidligere møter',
  tz_note: 'Tidspunktene vises i din tidssone ({tz}).',
  venue_time: '{time} lokal tid ({tz})',
  reg_deadline: 'Påmeldingsfrist {date}',
  reg_closed: 'Påmeldingen er stengt', reg_opens: 'Påmeldingen åpner {date}',
  register: 'Meld deg på',
  seats_per_org: ['{n} plass per organisasjon', '{n} plasser per organisasjon'],
  capacity: ['{n} plass', '{n} plasser'],
  all_shown: ['{n} vises', 'Alle {n} vises'],
  node_down: 'Noden i {country}, som viser denne siden, svarer ikke. Det du ser, kan være utdatert.',
  node_down_here: 'Noden som viser denne siden, svarer ikke. Det du ser, kan være utdatert.',
  timed_out: 'noden svarte ikke i tide',
  state_unknown: 'Ukjent',
  seats_label: 'Plasser per organisasjon', capacity_label: 'Plasser', reg_deadline_label: 'Påmeldingsfrist',
  free: 'Gratis', cost: 'Pris', organiser: 'Arrangør',
  place: 'Sted', platform: 'Plattform', languages: 'Språk',
  no_meetings: 'Ingen møter.', network: 'Nettverk',
  search_title: 'Søk', results_for: 'Resultater for «{q}»',
  results_n: ['{n} treff', '{n} treff'],
  no_results: 'Ingen treff for «{q}».',
  search_hint: 'Ett søkefelt for alle land og språk. Nordiske bokstaver gir også treff på de enkle formene: «Tromsø» og «tromso», «Göteborg» og «goteborg» finner det samme.',
  search_empty: 'Skriv et ord for å søke.',
  map_title: 'Føderasjonen på kartet',
  map_intro: 'Hvert lands node, og om den er i takt med denne noden. Landene er farget etter antall medlemmer i det valgte nettverket.',
  map_members: 'Medlemmer per land', map_network: 'Vises på kartet',
  map_all_orgs: 'Alle organisasjoner',
  map_nodes: 'Nodenes status', map_refresh: 'Oppdater', map_updated: 'Oppdatert {time}',
  behind: ['{n} oppdatering bak', '{n} oppdateringer bak'],
  missing: ['mangler {n} oppdatering', 'mangler {n} oppdateringer'],
  th_country: 'Land', th_node: 'Node', th_members: 'Medlemmer', th_orgs: 'Organisasjoner',
  this_node: 'denne noden',
  map_label: 'Kart over de nordiske landene og områdene: {summary}',
  greenland_inset: 'Grønland, i annen målestokk',
  footer_about: 'nordfed-noden i {country}, versjon {version}. Hver node har alle de nordiske landenes opplysninger, replikert med signerte oppdateringer.',
  footer_api: 'Åpent API', footer_map: 'Kart: Natural Earth (offentlig eiendom).',
  published: 'Publisert {date}',
  organisations_short: 'organisasjoner',
  members_short: 'medlemmer',
  requested: 'Medlemskap søkt',
  v: {
    classification: {
      association: 'Forening', foundation: 'Stiftelse', cooperative: 'Samvirke',
      umbrella: 'Paraplyorganisasjon', social_enterprise: 'Sosialt entreprenørskap',
      faith_community: 'Trossamfunn', study_association: 'Studieforbund',
      folk_high_school: 'Folkehøgskole', trade_union: 'Fagforening',
      informal_group: 'Uformell gruppe', municipality: 'Kommune', region: 'Fylke eller region',
      state_agency: 'Statlig etat', government: 'Regjering', parliament: 'Nasjonalforsamling',
      public_body_other: 'Annen offentlig aktør',
    },
    focus: {
      culture: 'Kultur', social_care: 'Omsorg', education: 'Utdanning',
      labour_market: 'Arbeidsliv', rural_development: 'Bygdeutvikling',
      human_rights: 'Menneskerettigheter', public_health: 'Folkehelse',
      integration: 'Integrering', innovation: 'Innovasjon', environment: 'Miljø',
      health_care: 'Helsetjenester', gender_equality: 'Likestilling', youth: 'Ungdom',
      volunteering: 'Frivillighet', democracy: 'Demokrati',
    },
    form: {
      consultation: 'Høring', dialogue: 'Dialog', agreement: 'Samarbeidsavtale',
      iop: 'Ideelt-offentlig partnerskap (IOP)', grant: 'Tilskudd', other: 'Annen form',
    },
    level: { local: 'Lokalt', regional: 'Regionalt', national: 'Nasjonalt', nordic: 'Nordisk' },
    arena: {
      overenskommelsen: 'Överenskommelsen (den svenske avtalen)', nod: 'NOD, svensk organ for dialog og samråd',
      pgf: 'PGF, svensk felles forum for regjering og sivilsamfunn', sakrad: 'Sakråd, et svensk departements samrådsorgan',
    },
    party: { civil_society: 'Sivilsamfunn', public_body: 'Offentlig aktør' },
    kind: {
      report: 'Rapport', method: 'Metode', good_example: 'Godt eksempel', tool: 'Verktøy',
      training: 'Opplæring', video: 'Video', event: 'Arrangement',
    },
    mode: { online: 'Digitalt', in_person: 'Fysisk møte', hybrid: 'Fysisk og digitalt' },
    role: { lead: 'Ledende organisasjon', member: 'Medlem', observer: 'Observatør' },
    status: { scheduled: 'Planlagt', cancelled: 'Avlyst', postponed: 'Utsatt', completed: 'Gjennomført' },
    state: {
      in_step: 'I takt', lagging: 'Henger etter', unreachable: 'Kan ikke nås',
      quarantined: 'I karantene', none: 'Ikke tilkoblet',
    },
    type: {
      organisation: 'Organisasjoner', network: 'Nettverk', meeting: 'Møter',
      resource: 'Ressurser', collaboration: 'Samarbeid',
      membership: 'Medlemskap', membership_request: 'Medlemssøknader',
    },
    country: {
      SE: 'Sverige', NO: 'Norge', DK: 'Danmark', FI: 'Finland', IS: 'Island',
      GL: 'Grønland', FO: 'Færøyene', AX: 'Åland',
    },
    lang: {
      sv: 'svensk', da: 'dansk', nb: 'bokmål', nn: 'nynorsk',
      fi: 'finsk', is: 'islandsk', kl: 'grønlandsk', fo: 'færøysk',
      se: 'nordsamisk', en: 'engelsk',
    },
  },
};

S.fi = {
  brand: 'Pohjoismaiset verkostot',
  tagline: 'Kansalaisyhteiskunta kaikissa Pohjoismaissa',
  skip: 'Siirry sisältöön',
  nav_home: 'Yleiskatsaus', nav_networks: 'Verkostot', nav_orgs: 'Järjestöt',
  nav_meetings: 'Tapaamiset', nav_map: 'Kartta',
  nav_label: 'Päävalikko',
  search_label: 'Haku', search_placeholder: 'Hae järjestöjä, verkostoja, tapaamisia…',
  search_button: 'Hae',
  language: 'Kieli',
  loading: 'Ladataan…',
  error_load: 'Tietoja ei voitu hakea: {msg}',
  retry: 'Yritä uudelleen',
  not_found: 'Täällä ei ole mitään.',
  node_badge: '{country_gen} solmu',
  browsing_on: 'Käytät {country_gen} solmua. Jokaisessa solmussa on kaikkien maiden tiedot.',
  home_title: 'Kansalaisyhteiskunta yli Pohjoismaiden rajojen',
  home_intro: 'Verkostot, järjestöt, tapaamiset ja aineistot kaikista kahdeksasta Pohjoismaasta ja itsehallintoalueelta yhdessä paikassa.',
  stat_orgs: ['järjestö', 'järjestöä'],
  stat_networks: ['verkosto', 'verkostoa'],
  stat_meetings: ['tuleva tapaaminen', 'tulevaa tapaamista'],
  stat_countries: ['maa tai alue', 'maata ja aluetta'],
  nordic_networks: 'Pohjoismaiset verkostot', national_networks: 'Kansalliset verkostot',
  all_networks: 'Kaikki verkostot',
  upcoming_meetings: 'Tulevat tapaamiset', all_meetings: 'Kaikki tapaamiset',
  lead_org: 'Vetäjäjärjestö',
  members_n: ['{n} jäsen', '{n} jäsentä'],
  countries_n: ['{n} maa', '{n} maata'],
  next_meeting: 'Seuraava tapaaminen', no_next: 'Ei sovittuja tapaamisia',
  theme: 'Teema',
  scope_nordic: 'Pohjoismainen verkosto', scope_national: 'Kansallinen verkosto',
  about: 'Tietoa verkostosta',
  members_by_country: 'Jäsenet maittain',
  resources: 'Aineistot', website: 'Verkkosivusto', meets: 'Tapaamiset',
  subscribe_ics: 'Tilaa kalenteri (.ics)',
  no_upcoming: 'Ei tulevia tapaamisia.', no_resources: 'Ei vielä aineistoja.',
  not_replicated: 'ei vielä tässä solmussa',
  members_none: 'Ei vielä jäseniä.',
  orgs_title: 'Järjestöt',
  orgs_intro: 'Selaa kaikkien Pohjoismaiden ja alueiden järjestöjä.',
  f_country: 'Maa', f_type: 'Tyyppi', f_focus: 'Toiminta-alue', f_network: 'Verkosto',
  any_country: 'Kaikki maat', any_type: 'Kaikki tyypit', any_focus: 'Kaikki toiminta-alueet',
  any_network: 'Kaikki verkostot',
  clear_filters: 'Tyhjennä suodattimet',
  orgs_count: ['{n} järjestö', '{n} järjestöä'],
  load_more: 'Näytä lisää',
  no_orgs: 'Yksikään järjestö ei vastaa suodattimia.',
  description: 'Kuvaus', networks: 'Verkostot',
  collaborations: 'Yhteistyö julkisen sektorin kanssa',
  identifiers: 'Tunnisteet', home_node: 'Kotisolmu', contacts: 'Yhteyshenkilöt',
  founded: 'Perustettu', other_names: 'Muut nimet', municipality: 'Kunta',
  region: 'Alue', focus_areas: 'Toiminta-alueet', type: 'Tyyppi', country: 'Maa',
  home_node_text: 'Järjestön tiedot kirjoittaa ja pitää ajan tasalla {country_gen} solmu; muilla solmuilla on allekirjoitetut kopiot.',
  contacts_home_only: 'Yhteyshenkilöt ovat henkilötietoja: vain kotisolmu ({country}) säilyttää niitä.',
  open_home: 'Avaa {country_gen} solmussa',
  contacts_n: ['{n} yhteyshenkilö', '{n} yhteyshenkilöä'],
  no_contacts: 'Yhteyshenkilöitä ei ole ilmoitettu.',
  contacts_withheld: ['{n} yhteyshenkilö ei ole antanut suostumusta tietojensa julkiseen näyttämiseen.', '{n} yhteyshenkilöä ei ole antanut suostumusta tietojensa julkiseen näyttämiseen.'],
  org_contact: 'Yhteystiedot', email: 'Sähköposti', phone: 'Puhelin', address: 'Osoite',
  no_networks: 'Ei minkään verkoston jäsen.',
  no_collabs: 'Ei kirjattua yhteistyötä.',
  since: '{date} alkaen',
  public_body: 'Julkinen toimija',
  partner: 'Kansalaisjärjestö',
  fallback: 'kieli: {lang}',
  fallback_title: 'Ei saatavilla valitulla kielellä; näytetään kielellä {lang}.',
  meetings_title: 'Tapaamiset',
  meetings_intro: 'Kaikkien verkostojen tapaamiset, tulevat ensin.',
  upcoming: 'Tulevat', earlier: 'Aiemmat tapaamiset', show_earlier: 'Näytä aiemmat tapaamiset',
  tz_note: 'Ajat näytetään omalla aikavyöhykkeelläsi ({tz}).',
  venue_time: 'paikallista aikaa {time} ({tz})',
  reg_deadline: 'Ilmoittautuminen päättyy {date}',
  reg_closed: 'Ilmoittautuminen on päättynyt', reg_opens: 'Ilmoittautuminen alkaa {date}',
  register: 'Ilmoittaudu',
  seats_per_org: ['{n} paikka järjestöä kohden', '{n} paikkaa järjestöä kohden'],
  capacity: ['{n} paikka', '{n} paikkaa'],
  all_shown: ['{n} näytetään', 'Kaikki {n} näytetään'],
  node_down: '{country_gen} solmu, joka näyttää tämän sivun, ei vastaa. Näkemäsi tiedot voivat olla vanhentuneita.',
  node_down_here: 'Tämän sivun näyttävä solmu ei vastaa. Näkemäsi tiedot voivat olla vanhentuneita.',
  timed_out: 'solmu ei vastannut ajoissa',
  state_unknown: 'Tuntematon',
  seats_label: 'Paikat järjestöä kohden', capacity_label: 'Paikat', reg_deadline_label: 'Ilmoittautumisen määräaika',
  free: 'Maksuton', cost: 'Hinta', organiser: 'Järjestäjä',
  place: 'Paikka', platform: 'Alusta', languages: 'Kielet',
  no_meetings: 'Ei tapaamisia.', network: 'Verkosto',
  search_title: 'Haku', results_for: 'Tulokset haulle ”{q}”',
  results_n: ['{n} tulos', '{n} tulosta'],
  no_results: 'Haulla ”{q}” ei löytynyt mitään.',
  search_hint: 'Yksi hakukenttä kaikille maille ja kielille. Pohjoismaiset kirjaimet löytävät myös perusmuotonsa: ”Tromsø” ja ”tromso”, ”Göteborg” ja ”goteborg” antavat samat tulokset.',
  search_empty: 'Kirjoita hakusana.',
  map_title: 'Federaatio kartalla',
  map_intro: 'Jokaisen maan solmu ja se, onko se tahdissa tämän solmun kanssa. Maat on väritetty valitun verkoston jäsenmäärän mukaan.',
  map_members: 'Jäseniä maittain', map_network: 'Kartalla näytetään',
  map_all_orgs: 'Kaikki järjestöt',
  map_nodes: 'Solmujen tila', map_refresh: 'Päivitä', map_updated: 'Päivitetty {time}',
  behind: ['{n} päivitys jäljessä', '{n} päivitystä jäljessä'],
  missing: ['puuttuu {n} päivitys', 'puuttuu {n} päivitystä'],
  th_country: 'Maa', th_node: 'Solmu', th_members: 'Jäsenet', th_orgs: 'Järjestöt',
  this_node: 'tämä solmu',
  map_label: 'Pohjoismaiden ja alueiden kartta: {summary}',
  greenland_inset: 'Grönlanti, eri mittakaavassa',
  footer_about: '{country_gen} nordfed-solmu, versio {version}. Jokaisessa solmussa on kaikkien Pohjoismaiden tiedot, jotka jaetaan allekirjoitettuina päivityksinä.',
  footer_api: 'Avoin rajapinta', footer_map: 'Kartta: Natural Earth (vapaa käyttö).',
  published: 'Julkaistu {date}',
  organisations_short: 'järjestöä',
  members_short: 'jäsentä',
  requested: 'Jäsenyyttä haettu',
  v: {
    classification: {
      association: 'Yhdistys', foundation: 'Säätiö', cooperative: 'Osuuskunta',
      umbrella: 'Kattojärjestö', social_enterprise: 'Yhteiskunnallinen yritys',
      faith_community: 'Uskonnollinen yhdyskunta', study_association: 'Opintokeskus',
      folk_high_school: 'Kansanopisto', trade_union: 'Ammattiliitto',
      informal_group: 'Epävirallinen ryhmä', municipality: 'Kunta', region: 'Alue',
      state_agency: 'Valtion virasto', government: 'Hallitus', parliament: 'Parlamentti',
      public_body_other: 'Muu julkinen toimija',
    },
    focus: {
      culture: 'Kulttuuri', social_care: 'Sosiaalipalvelut', education: 'Koulutus',
      labour_market: 'Työelämä', rural_development: 'Maaseudun kehittäminen',
      human_rights: 'Ihmisoikeudet', public_health: 'Kansanterveys',
      integration: 'Kotoutuminen', innovation: 'Innovaatiot', environment: 'Ympäristö',
      health_care: 'Terveydenhuolto', gender_equality: 'Tasa-arvo', youth: 'Nuoret',
      volunteering: 'Vapaaehtoistoiminta', democracy: 'Demokratia',
    },
    form: {
      consultation: 'Kuuleminen', dialogue: 'Vuoropuhelu', agreement: 'Sopimus',
      iop: 'Yleishyödyllinen julkinen kumppanuus (IOP)', grant: 'Avustus', other: 'Muu muoto',
    },
    level: { local: 'Paikallinen', regional: 'Alueellinen', national: 'Kansallinen', nordic: 'Pohjoismainen' },
    arena: {
      overenskommelsen: 'Överenskommelsen (Ruotsin sopimus)', nod: 'NOD, Ruotsin vuoropuhelun ja kuulemisen elin',
      pgf: 'PGF, Ruotsin hallituksen ja kansalaisyhteiskunnan yhteinen foorumi', sakrad: 'Sakråd, ruotsalaisen ministeriön kuulemisneuvosto',
    },
    party: { civil_society: 'Kansalaisyhteiskunta', public_body: 'Julkinen toimija' },
    kind: {
      report: 'Raportti', method: 'Menetelmä', good_example: 'Hyvä käytäntö', tool: 'Työkalu',
      training: 'Koulutus', video: 'Video', event: 'Tapahtuma',
    },
    mode: { online: 'Verkossa', in_person: 'Paikan päällä', hybrid: 'Paikan päällä ja verkossa' },
    role: { lead: 'Vetäjäjärjestö', member: 'Jäsen', observer: 'Tarkkailija' },
    status: { scheduled: 'Suunniteltu', cancelled: 'Peruttu', postponed: 'Siirretty', completed: 'Pidetty' },
    state: {
      in_step: 'Tahdissa', lagging: 'Jäljessä', unreachable: 'Ei tavoitettavissa',
      quarantined: 'Karanteenissa', none: 'Ei yhteyttä',
    },
    type: {
      organisation: 'Järjestöt', network: 'Verkostot', meeting: 'Tapaamiset',
      resource: 'Aineistot', collaboration: 'Yhteistyö',
      membership: 'Jäsenyydet', membership_request: 'Jäsenhakemukset',
    },
    country: {
      SE: 'Ruotsi', NO: 'Norja', DK: 'Tanska', FI: 'Suomi', IS: 'Islanti',
      GL: 'Grönlanti', FO: 'Färsaaret', AX: 'Ahvenanmaa',
    },
    country_gen: {
      SE: 'Ruotsin', NO: 'Norjan', DK: 'Tanskan', FI: 'Suomen', IS: 'Islannin',
      GL: 'Grönlannin', FO: 'Färsaarten', AX: 'Ahvenanmaan',
    },
    lang: {
      sv: 'ruotsi', da: 'tanska', nb: 'norja (bokmål)', nn: 'uusnorja',
      fi: 'suomi', is: 'islanti', kl: 'grönlanti', fo: 'fääri',
      se: 'pohjoissaame', en: 'englanti',
    },
  },
};

S.is = {
  brand: 'Norræn tengslanet',
  tagline: 'Borgaralegt samfélag á öllum Norðurlöndum',
  skip: 'Fara beint í efni',
  nav_home: 'Yfirlit', nav_networks: 'Tengslanet', nav_orgs: 'Félagasamtök',
  nav_meetings: 'Fundir', nav_map: 'Kort',
  nav_label: 'Aðalvalmynd',
  search_label: 'Leit', search_placeholder: 'Leita að samtökum, tengslanetum, fundum…',
  search_button: 'Leita',
  language: 'Tungumál',
  loading: 'Hleð…',
  error_load: 'Ekki tókst að sækja gögnin: {msg}',
  retry: 'Reyna aftur',
  not_found: 'Hér er ekkert að finna.',
  node_badge: 'Hnútur {country_gen}',
  browsing_on: 'Þú ert á hnúti {country_gen}. Hver hnútur geymir gögn allra landanna.',
  home_title: 'Borgaralegt samfélag þvert á landamæri Norðurlanda',
  home_intro: 'Tengslanet, félagasamtök, fundir og efni frá öllum átta norrænu löndunum og sjálfstjórnarsvæðunum, á einum stað.',
  stat_orgs: ['félagasamtök', 'félagasamtök'],
  stat_networks: ['tengslanet', 'tengslanet'],
  stat_meetings: ['fundur fram undan', 'fundir fram undan'],
  stat_countries: ['land eða svæði', 'lönd og svæði'],
  nordic_networks: 'Norræn tengslanet', national_networks: 'Landsbundin tengslanet',
  all_networks: 'Öll tengslanet',
  upcoming_meetings: 'Fundir fram undan', all_meetings: 'Allir fundir',
  lead_org: 'Leiðandi samtök',
  members_n: ['{n} aðili', '{n} aðilar'],
  countries_n: ['{n} land', '{n} lönd'],
  next_meeting: 'Næsti fundur', no_next: 'Enginn fundur á dagskrá',
  theme: 'Þema',
  scope_nordic: 'Norrænt tengslanet', scope_national: 'Landsbundið tengslanet',
  about: 'Um tengslanetið',
  members_by_country: 'Aðilar eftir löndum',
  resources: 'Efni', website: 'Vefsíða', meets: 'Fundar',
  subscribe_ics: 'Gerast áskrifandi að dagatalinu (.ics)',
  no_upcoming: 'Engir fundir fram undan.', no_resources: 'Ekkert efni enn.',
  not_replicated: 'ekki enn komið á þennan hnút',
  members_none: 'Engir aðilar enn.',
  orgs_title: 'Félagasamtök',
  orgs_intro: 'Skoðaðu félagasamtök allra norrænu landanna og svæðanna.',
  f_country: 'Land', f_type: 'Tegund', f_focus: 'Málefnasvið', f_network: 'Tengslanet',
  any_country: 'Öll lönd', any_type: 'Allar tegundir', any_focus: 'Öll málefnasvið',
  any_network: 'Öll tengslanet',
  clear_filters: 'Hreinsa síur',
  orgs_count: ['{n} samtök', '{n} samtök'],
  load_more: 'Sýna fleiri',
  no_orgs: 'Engin samtök passa við síurnar.',
  description: 'Lýsing', networks: 'Tengslanet',
  collaborations: 'Samstarf við opinbera aðila',
  identifiers: 'Auðkenni', home_node: 'Heimahnútur', contacts: 'Tengiliðir',
  founded: 'Stofnað', other_names: 'Einnig þekkt sem', municipality: 'Sveitarfélag',
  region: 'Landshluti', focus_areas: 'Málefnasvið', type: 'Tegund', country: 'Land',
  home_node_text: 'Hnútur {country_gen} skráir upplýsingar samtakanna og heldur þeim við; hinir hnútarnir geyma undirrituð afrit.',
  contacts_home_only: 'Tengiliðir eru persónuupplýsingar: aðeins heimahnúturinn ({country}) geymir þá.',
  open_home: 'Opna á hnúti {country_gen}',
  contacts_n: ['{n} tengiliður', '{n} tengiliðir'],
  no_contacts: 'Engir tengiliðir skráðir.',
  contacts_withheld: ['{n} tengiliður hefur ekki samþykkt að birtast opinberlega.', '{n} tengiliðir hafa ekki samþykkt að birtast opinberlega.'],
  org_contact: 'Samband', email: 'Netfang', phone: 'Sími', address: 'Heimilisfang',
  no_networks: 'Ekki aðili að neinu tengslaneti.',
  no_collabs: 'Ekkert samstarf skráð.',
  since: 'frá {date}',
  public_body: 'Opinber aðili',
  partner: 'Félagasamtök',
  fallback: 'tungumál: {lang}',
  fallback_title: 'Ekki til á völdu tungumáli; sýnt á tungumálinu {lang}.',
  meetings_title: 'Fundir',
  meetings_intro: 'Fundir allra tengslaneta, þeir sem fram undan eru fyrst.',
  upcoming: 'Fram undan', earlier: 'Fyrri fundir', show_earlier: 'Sýna fyrri fundi',
  tz_note: 'Tímar eru sýndir á þínu tímabelti ({tz}).',
  venue_time: '{time} að staðartíma ({tz})',
  reg_deadline: 'Skráningarfrestur rennur út {date}',
  reg_closed: 'Skráningu er lokið', reg_opens: 'Skráning hefst {date}',
  register: 'Skrá sig',
  seats_per_org: ['{n} sæti fyrir hver samtök', '{n} sæti fyrir hver samtök'],
  capacity: ['{n} sæti', '{n} sæti'],
  all_shown: ['Öll {n} sýnd', 'Öll {n} sýnd'],
  node_down: 'Hnútur {country_gen}, sem birtir þessa síðu, svarar ekki. Það sem þú sérð gæti verið úrelt.',
  node_down_here: 'Hnúturinn sem birtir þessa síðu svarar ekki. Það sem þú sérð gæti verið úrelt.',
  timed_out: 'hnúturinn svaraði ekki í tæka tíð',
  state_unknown: 'Óþekkt',
  seats_label: 'Sæti fyrir hver samtök', capacity_label: 'Sæti', reg_deadline_label: 'Skráningarfrestur',
  free: 'Ókeypis', cost: 'Verð', organiser: 'Skipuleggjandi',
  place: 'Staður', platform: 'Fjarfundakerfi', languages: 'Tungumál',
  no_meetings: 'Engir fundir.', network: 'Tengslanet',
  search_title: 'Leit', results_for: 'Niðurstöður fyrir „{q}“',
  results_n: ['{n} niðurstaða', '{n} niðurstöður'],
  no_results: 'Ekkert fannst fyrir „{q}“.',
  search_hint: 'Einn leitarreitur fyrir öll lönd og tungumál. Norrænir stafir finna líka einfaldar myndir sínar: „Tromsø“ og „tromso“, „Göteborg“ og „goteborg“ finna það sama.',
  search_empty: 'Sláðu inn orð til að leita.',
  map_title: 'Sambandið á korti',
  map_intro: 'Hnútur hvers lands og hvort hann er í takt við þennan hnút. Löndin eru lituð eftir fjölda aðila í völdu tengslaneti.',
  map_members: 'Aðilar eftir löndum', map_network: 'Sýnt á kortinu',
  map_all_orgs: 'Öll félagasamtök',
  map_nodes: 'Staða hnúta', map_refresh: 'Uppfæra', map_updated: 'Uppfært {time}',
  behind: ['{n} uppfærslu á eftir', '{n} uppfærslum á eftir'],
  missing: ['vantar {n} uppfærslu', 'vantar {n} uppfærslur'],
  th_country: 'Land', th_node: 'Hnútur', th_members: 'Aðilar', th_orgs: 'Félagasamtök',
  this_node: 'þessi hnútur',
  map_label: 'Kort af norrænu löndunum og svæðunum: {summary}',
  greenland_inset: 'Grænland, í öðrum mælikvarða',
  footer_about: 'nordfed-hnútur {country_gen}, útgáfa {version}. Hver hnútur geymir gögn allra Norðurlandanna, afrituð með undirrituðum uppfærslum.',
  footer_api: 'Opið forritaskil', footer_map: 'Kort: Natural Earth (almenningseign).',
  published: 'Gefið út {date}',
  organisations_short: 'samtök',
  members_short: 'aðilar',
  requested: 'Sótt um aðild',
  v: {
    classification: {
      association: 'Félag', foundation: 'Sjálfseignarstofnun', cooperative: 'Samvinnufélag',
      umbrella: 'Regnhlífarsamtök', social_enterprise: 'Félagslegt fyrirtæki',
      faith_community: 'Trúfélag', study_association: 'Fræðslusamtök',
      folk_high_school: 'Lýðháskóli', trade_union: 'Stéttarfélag',
      informal_group: 'Óformlegur hópur', municipality: 'Sveitarfélag', region: 'Landshluti',
      state_agency: 'Ríkisstofnun', government: 'Ríkisstjórn', parliament: 'Þjóðþing',
      public_body_other: 'Annar opinber aðili',
    },
    focus: {
      culture: 'Menning', social_care: 'Félagsþjónusta', education: 'Menntun',
      labour_market: 'Vinnumarkaður', rural_development: 'Byggðaþróun',
      human_rights: 'Mannréttindi', public_health: 'Lýðheilsa',
      integration: 'Inngilding', innovation: 'Nýsköpun', environment: 'Umhverfismál',
      health_care: 'Heilbrigðisþjónusta', gender_equality: 'Jafnrétti', youth: 'Ungmenni',
      volunteering: 'Sjálfboðastarf', democracy: 'Lýðræði',
    },
    form: {
      consultation: 'Samráð', dialogue: 'Samtal', agreement: 'Samningur',
      iop: 'Samstarf hugsjónasamtaka og hins opinbera (IOP)', grant: 'Styrkur', other: 'Annað form',
    },
    level: { local: 'Staðbundið', regional: 'Svæðisbundið', national: 'Landsvísu', nordic: 'Norrænt' },
    arena: {
      overenskommelsen: 'Överenskommelsen (sænska samkomulagið)', nod: 'NOD, sænskur vettvangur samráðs og samtals',
      pgf: 'PGF, sameiginlegur vettvangur sænskra stjórnvalda og almannasamtaka', sakrad: 'Sakråd, samráðsvettvangur sænsks ráðuneytis',
    },
    party: { civil_society: 'Almannasamtök', public_body: 'Opinber aðili' },
    kind: {
      report: 'Skýrsla', method: 'Aðferð', good_example: 'Gott dæmi', tool: 'Verkfæri',
      training: 'Námskeið', video: 'Myndband', event: 'Viðburður',
    },
    mode: { online: 'Á netinu', in_person: 'Á staðnum', hybrid: 'Á staðnum og á netinu' },
    role: { lead: 'Leiðandi samtök', member: 'Aðili', observer: 'Áheyrnaraðili' },
    status: { scheduled: 'Á dagskrá', cancelled: 'Fellur niður', postponed: 'Frestað', completed: 'Lokið' },
    state: {
      in_step: 'Í takt', lagging: 'Á eftir', unreachable: 'Næst ekki í',
      quarantined: 'Í sóttkví', none: 'Ekki tengdur',
    },
    type: {
      organisation: 'Félagasamtök', network: 'Tengslanet', meeting: 'Fundir',
      resource: 'Efni', collaboration: 'Samstarf',
      membership: 'Aðild', membership_request: 'Umsóknir um aðild',
    },
    country: {
      SE: 'Svíþjóð', NO: 'Noregur', DK: 'Danmörk', FI: 'Finnland', IS: 'Ísland',
      GL: 'Grænland', FO: 'Færeyjar', AX: 'Álandseyjar',
    },
    country_gen: {
      SE: 'Svíþjóðar', NO: 'Noregs', DK: 'Danmerkur', FI: 'Finnlands', IS: 'Íslands',
      GL: 'Grænlands', FO: 'Færeyja', AX: 'Álandseyja',
    },
    lang: {
      sv: 'sænska', da: 'danska', nb: 'norska (bókmál)', nn: 'nýnorska',
      fi: 'finnska', is: 'íslenska', kl: 'grænlenska', fo: 'færeyska',
      se: 'norðursamíska', en: 'enska',
    },
  },
};

for (const [tag, more] of Object.entries(MAPPING_STRINGS)) Object.assign(S[tag], more);
for (const [tag, more] of Object.entries(ACCOUNT_STRINGS)) {
  const { v, ...strings } = more;
  Object.assign(S[tag], strings);
  Object.assign(S[tag].v, v);
}

let current = 'en';

export function uiLang() {
  return current;
}

export function locale() {
  return (UI_LANGS.find((l) => l.tag === current) || UI_LANGS[5]).locale;
}

// The interface language: a stored choice, else the first of the
// browser's languages we have (no, nn and nb all give bokmål), else
// English.
export function pickLang(stored) {
  const have = (tag) => UI_LANGS.some((l) => l.tag === tag);
  if (stored && have(stored)) return stored;
  for (const l of navigator.languages || [navigator.language || 'en']) {
    let base = String(l).toLowerCase().split('-')[0];
    if (base === 'no' || base === 'nn') base = 'nb';
    if (have(base)) return base;
  }
  return 'en';
}

export function setLang(tag) {
  current = S[tag] ? tag : 'en';
}

function lookup(key) {
  const v = S[current][key];
  return v === undefined ? S.en[key] : v;
}

function fill(str, vars) {
  return String(str).replace(/\{(\w+)\}/g, (m, k) =>
    (vars && vars[k] !== undefined ? vars[k] : m));
}

// t('members_n', {n: 3}): a plural array [one, other] is chosen by
// Intl.PluralRules, or by the language's rule when the browser lacks it.
export function t(key, vars) {
  let v = lookup(key);
  if (v === undefined) return key;
  if (Array.isArray(v)) {
    const n = vars && typeof vars.n === 'number' ? vars.n : 0;
    v = pluralOne(n) ? v[0] : v[1];
    vars = { ...vars, n: fmtNumber(n) };
  }
  return fill(v, vars);
}

// A word of a vocabulary (classification, focus, country, state...):
// the chosen language's, else English, else the word itself.
export function vocab(kind, word) {
  const mine = S[current].v && S[current].v[kind];
  if (mine && mine[word]) return mine[word];
  const en = S.en.v[kind];
  return (en && en[word]) || String(word).replace(/_/g, ' ');
}

export function countryName(cc) {
  return vocab('country', cc);
}

// {country, country_gen} for strings that name a country: Finnish and
// Icelandic use the genitive ("Ruotsin solmu", "hnútur Svíþjóðar").
export function cvars(cc, more) {
  const gen = S[current].v.country_gen;
  return { country: countryName(cc), country_gen: (gen && gen[cc]) || countryName(cc), ...more };
}

export function langName(tag) {
  return vocab('lang', tag);
}

// Pick from a translated-text map (when the API sent one without ?lang):
// the chosen language, English, the record's own, any. {text, lang}.
export function pickText(v, own) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return { text: v, lang: null };
  for (const tag of [current, current === 'nb' ? 'nn' : null, 'en', own]) {
    if (tag && v[tag]) return { text: v[tag], lang: tag };
  }
  const k = Object.keys(v)[0];
  return k ? { text: v[k], lang: k } : null;
}

// ---- dates and times: in the visitor's time zone ------------------------
//
// From Intl when the browser has the interface language's locale data,
// else from the tables of locale.js (the same CLDR forms).

export function timeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch (e) {
    return 'UTC';
  }
}

function fmt(date, opts) {
  if (!hasLocale('DateTimeFormat')) return fallbackFmt(uiLang(), date, opts);
  return new Intl.DateTimeFormat(locale(), opts).format(date);
}

export function fmtDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // a bare date (YYYY-MM-DD) is a calendar date, not an instant
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  return fmt(d, { day: 'numeric', month: 'long', year: 'numeric',
    timeZone: bare ? 'UTC' : undefined });
}

// A date and a time, as two parts so that locale.js's tables serve a
// browser without the language's locale data.
export function fmtDateTime(iso, tz) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${fmt(d, { day: 'numeric', month: 'long', year: 'numeric', timeZone: tz })}, ` +
    fmt(d, { hour: '2-digit', minute: '2-digit', timeZone: tz });
}

export function fmtTime(iso, tz, withZone) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return fmt(d, { hour: '2-digit', minute: '2-digit', timeZone: tz,
    timeZoneName: withZone ? 'short' : undefined });
}

// The time of day of an instant (the map's "updated at").
export function fmtClock(date) {
  return fmt(date, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

// Day and month for the calendar block of a meeting, in the visitor's zone.
export function dayParts(iso) {
  const d = new Date(iso);
  return {
    day: fmt(d, { day: 'numeric' }),
    month: fmt(d, { month: 'short' }).replace('.', ''),
    year: fmt(d, { year: 'numeric' }),
    weekday: fmt(d, { weekday: 'long' }),
  };
}

export function sameDay(a, b) {
  const o = { year: 'numeric', month: '2-digit', day: '2-digit' };
  return fmt(new Date(a), o) === fmt(new Date(b), o);
}

export function fmtNumber(n) {
  const x = Number(n || 0);
  if (!hasLocale('NumberFormat')) return fallbackNumber(uiLang(), x);
  return x.toLocaleString(locale());
}

export function fmtMoney(cost, currency) {
  if (!cost || cost === 'free') return t('free');
  const n = Number(cost);
  if (!hasLocale('NumberFormat')) return `${fallbackNumber(uiLang(), n)} ${currency || ''}`.trim();
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency,
      maximumFractionDigits: Number.isInteger(n) ? 0 : 2 }).format(n);
  } catch (e) {
    return fallbackNumber(uiLang(), n) + ' ' + (currency || '');
  }
}
