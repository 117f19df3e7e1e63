/**
 * Curated multilingual lexicon of decarbonisation measures (data only; the matcher is in
 * concept-lexicon.ts). One concept = one measure, whatever the language: "heat pump",
 * "Wärmepumpe", "pompe à chaleur", "bomba de calor" all fire `heat_pump`. Each concept maps
 * to the catalogue's fixed topic vocabulary (first topic = primary).
 *
 * Terms are written FOLDED (see text-normalise.ts: no accents, ä->a, ø->o, æ->ae, ł->l) in
 * a tiny pattern syntax, alternatives separated by "|":
 *   "heat pump"   starts at a word boundary, may continue ("heat pumps")
 *   "led$"        whole word (an "s" plural allowed), for short or ambiguous words
 *   "*warmepumpe" may also start inside a word: compounds ("Luftwärmepumpe", "värmepumpar")
 *   "elektrisch* ofen"  "*" inside = any letters ("elektrischen Ofen")
 * Languages: en de fr es it nl pl sv da fi (+ no for the Norwegian partner country).
 * Ambiguous words are avoided or made multi-word ("water" alone also hits "solar water
 * heating"; "greenhouse" alone hits "greenhouse gas").
 */
import type { Topic } from './programme-types.ts';

export interface ConceptDefinition {
  id: string;
  /** Plain-English name used in explanations. */
  label: string;
  topics: Topic[];
  /** English terms appended to BM25 queries so non-English projects meet English programme texts. */
  canonical: string;
  terms: Partial<Record<'en' | 'de' | 'fr' | 'es' | 'it' | 'nl' | 'pl' | 'sv' | 'da' | 'fi' | 'no', string>>;
}

export const CONCEPTS: readonly ConceptDefinition[] = [
  { id: 'heat_pump', label: 'heat pumps', topics: ['electrification', 'renewable_energy'], canonical: 'heat pump',
    terms: { en: 'heat pump|heatpump', de: '*warmepumpe|*waermepumpe', fr: 'pompe a chaleur|pompes a chaleur', es: 'bomba de calor|bombas de calor|aerotermi',
      it: 'pompa di calore|pompe di calore', nl: '*warmtepomp', pl: 'pompa ciepla|pompy ciepla|pomp ciepla', sv: '*varmepump', da: '*varmepumpe', fi: '*lampopump', no: '*varmepumpe' } },
  { id: 'solar_pv', label: 'solar PV', topics: ['renewable_energy'], canonical: 'solar photovoltaic pv rooftop',
    terms: { en: 'solar pv|photovoltaic|pv$|solar panel|solar module|solar power|rooftop solar|solar park|solar electricity|solar energy|self consumption',
      de: '*photovoltaik|*solaranlage|*solarmodul|*solarstrom|*solardach|eigenverbrauch', fr: 'photovoltaique|panneau solaire|panneaux solaires|centrale solaire|autoconsommation',
      es: 'fotovoltaic|panel solar|paneles solares|placas solares|autoconsumo', it: 'fotovoltaic|pannelli solari|pannello solare|autoconsumo',
      nl: '*zonnepane|zonne energie|*zonnestroom|zonnedak', pl: 'fotowolta|panele sloneczne|panel sloneczny', sv: '*solcell|*solpanel|solenergi',
      da: '*solcelle|*solpanel|solenergi', fi: 'aurinkopaneel|aurinkosahko|aurinkovoim', no: '*solcelle|solenergi' } },
  { id: 'solar_thermal', label: 'solar thermal heat', topics: ['renewable_energy', 'buildings'], canonical: 'solar thermal collector',
    terms: { en: 'solar thermal|solar collector|solar water heat', de: '*solarthermi|*sonnenkollektor', fr: 'solaire thermique', es: 'solar termica|energia solar termica',
      it: 'solare termico', nl: 'zonthermi|*zonnecollector|zonneboiler', pl: 'kolektor* sloneczn', sv: '*solfangare|solvarme', da: '*solfanger|solvarme', fi: 'aurinkolamp|aurinkokera', no: '*solfanger' } },
  { id: 'process_electrification', label: 'electrification of process heat', topics: ['electrification', 'energy_efficiency'], canonical: 'electrification electric process heat',
    terms: { en: 'electrif|electric oven|electric furnace|electric boiler|electric kiln|induction furnace|induction heating|e boiler|power to heat|electric process heat',
      de: 'elektrifizier|*elektroofen|elektrisch* ofen|elektrisch* backofen|*elektrobackofen|*elektrokessel|*elektrodenkessel|induktionsofen|power to heat', fr: 'electrification|electrifier|four electrique|fours electriques|chaudiere electrique',
      es: 'electrificacion|electrificar|horno electrico|hornos electricos|caldera electrica', it: 'elettrificazion|forno elettrico|forni elettrici|caldaia elettrica',
      nl: 'elektrificatie|elektrificeren|elektrische oven|*elektrische ketel|elektrische boiler', pl: 'elektryfikac|piec elektryczny|piece elektryczne|kociol elektryczny',
      sv: 'elektrifiering|elektrifiera|elektrisk ugn|*elpanna|*elpannor', da: 'elektrificering|elektrisk ovn|*elkedel|*elkedl', fi: 'sahkoist|sahkouun|sahkokattil', no: 'elektrifisering|*elkjel' } },
  { id: 'fuel_switch', label: 'switching away from fossil fuels', topics: ['electrification', 'renewable_energy'], canonical: 'switch fossil fuel replace gas',
    terms: { en: 'fuel switch|fossil free|phase out gas|phase out fossil|gas free|switch from gas|replace fossil|replacing fossil|away from gas|off gas|decarboni* process heat|decarbonisation of process',
      de: 'brennstoffwechsel|*energietragerwechsel|gasausstieg|fossilfrei|umstellung von gas|umstieg von gas|raus aus gas|ersatz fossil', fr: 'changement de combustible|sortie du gaz|sortie des energies fossiles|substitution du gaz|decarbonation des procedes',
      es: 'cambio de combustible|sustitucion del gas|sustitucion de combustibles fosiles|abandono del gas', it: 'cambio di combustibile|sostituzione del gas|abbandono del gas|sostituzione dei combustibili fossili',
      nl: '*brandstofwissel|van het gas af|aardgasvrij|gasloos|fossielvrij', pl: 'zmiana paliwa|odejscie od gazu|odejscie od wegla', sv: '*branslebyte|fossilfri|utfasning av fossil',
      da: '*braendselsskift|fossilfri|udfasning af', fi: 'polttoaineen vaihto|fossiilivapa|fossiilisten polttoaineiden korvaa', no: 'fossilfri|utfasing av fossil' } },
  { id: 'energy_audit', label: 'energy audits and decarbonisation plans', topics: ['energy_audit', 'training'], canonical: 'energy audit advice diagnostic plan',
    terms: { en: 'energy audit|energy assessment|energy survey|energy advice|energy consult|energy diagnos|iso 50001|carbon audit|carbon footprint|ghg inventory|decarboni* plan|decarboni* roadmap|climate strategy|climate plan',
      de: '*energieaudit|*energieberatung|energiecheck|energiediagnose|*transformationsplan|*transformationskonzept|co2 bilanz|klimabilanz|iso 50001', fr: 'audit energetique|diagnostic energetique|diag decarbon|bilan carbone|bilan ges|plan de transition|strategie climat',
      es: 'auditoria energetica|diagnostico energetico|huella de carbono', it: 'diagnosi energetica|audit energetico|impronta di carbonio', nl: 'energieaudit|energie audit|energiescan|energieadvies|co2 voetafdruk',
      pl: 'audyt energetyczn|audyt efektywnosci|slad weglowy', sv: '*energikartlagg|energirevision|klimatbokslut', da: 'energisyn|energigennemgang|*energikortlaeg|klimaregnskab', fi: 'energiakatselm|energia auditoin|hiilijalanjal', no: '*energikartlegg|klimaregnskap' } },
  { id: 'building_renovation', label: 'insulation and building renovation', topics: ['buildings', 'energy_efficiency'], canonical: 'insulation building renovation retrofit envelope',
    terms: { en: 'insulat|building renovation|deep renovation|renovat* building|retrofit|building envelope|building fabric|glazing|energy efficient building',
      de: '*dammung|*daemmung|*gebaudesanierung|*sanierung|gebaudehulle|*fenstertausch', fr: 'isolation|renovation energetique|renovation thermique|renovation de batiment|renovation des batiments|enveloppe du batiment',
      es: 'aislamiento|rehabilitacion energetica|renovacion de edificios|envolvente', it: 'isolamento|cappotto termico|riqualificazione energetica|ristrutturazion',
      nl: 'isolatie|isoleren|na isolatie|renovatie|*gebouwschil', pl: 'termomodernizac|docieplen|izolac|renowac', sv: 'isolering|*tillaggsisoler|renovering|klimatskal',
      da: 'isolering|efterisolering|renovering|klimaskaerm', fi: 'lammoneristy|eristys|peruskorjau|energiaremont', no: 'etterisolering|isolering|rehabilitering' } },
  { id: 'led_lighting', label: 'LED lighting', topics: ['energy_efficiency'], canonical: 'led lighting',
    terms: { en: 'led light|led lamp|led luminaire|led retrofit|led tube|led upgrade|led fixture|leds$|lighting', de: '*beleuchtung|*leuchtmittel', fr: 'eclairage', es: 'iluminacion|alumbrado', it: 'illuminazione', nl: '*verlichting', pl: 'oswietleni', sv: '*belysning',
      da: '*belysning', fi: 'valaistu', no: '*belysning' } },
  { id: 'ev_fleet', label: 'electric vehicles and fleet electrification', topics: ['sustainable_transport', 'electrification'], canonical: 'electric vehicles fleet mobility',
    terms: { en: 'electric vehicle|electric van|electric truck|electric lorr|electric car|electric fleet|ev$|fleet electrif|e mobility|zero emission vehicle|battery electric|e van|e truck|clean vehicle',
      de: '*elektrofahrzeug|*elektroauto|e auto|e lkw|e transporter|*elektromobilitat|e fahrzeug|*e flotte|elektro lkw', fr: 'vehicule electrique|vehicules electriques|camion electrique|utilitaire electrique|utilitaires electriques|mobilite electrique|flotte electrique',
      es: 'vehiculo electrico|vehiculos electricos|furgoneta electrica|movilidad electrica|flota electrica', it: 'veicolo elettrico|veicoli elettrici|auto elettric|mobilita elettrica|furgone elettrico|flotta elettrica',
      nl: 'elektrische auto|elektrisch vervoer|elektrische bestel|elektrisch rijden|elektrische vrachtwagen|emissievrij* vervoer|emissievrije voertuig', pl: 'pojazd* elektryczn|samochod* elektryczn|elektromobilnos|flota elektryczn',
      sv: 'elbil|ellastbil|elfordon|eldriv', da: 'elbil|elvarebil|ellastbil|elektrisk* koretoj', fi: 'sahkoauto|sahkoajoneuvo|sahkopakettiauto', no: 'elbil|elvarebil|ellastebil' } },
  { id: 'ev_charging', label: 'EV charging points', topics: ['sustainable_transport', 'electrification'], canonical: 'charging points infrastructure',
    terms: { en: 'charging station|charging point|chargepoint|charge point|ev charger|charging infrastructure|wallbox', de: '*ladestation|*ladeinfrastruktur|*ladepunkt|*ladesaule|wallbox',
      fr: 'borne de recharge|bornes de recharge|infrastructure de recharge|point de recharge|points de recharge', es: 'punto de recarga|puntos de recarga|estacion de carga|estaciones de carga|cargador',
      it: 'colonnin* di ricarica|stazion* di ricarica|punti di ricarica|punto di ricarica|infrastruttur* di ricarica', nl: '*laadpaal|*laadpalen|*laadpunt|*laadinfrastructuur|*laadstation',
      pl: 'stacj* ladowania|ladowark|punkt* ladowania', sv: '*laddstation|*laddstolp|*laddinfrastruktur|*laddpunkt|laddbox', da: '*ladestander|*ladestation|*ladeinfrastruktur',
      fi: 'latausasem|latauspist|latausinfra', no: '*ladestasjon|*ladepunkt|*ladeinfrastruktur' } },
  { id: 'waste_heat', label: 'waste-heat recovery', topics: ['energy_efficiency'], canonical: 'waste heat recovery exchanger',
    terms: { en: 'waste heat|heat recovery|excess heat|residual heat|recovered heat|heat exchanger', de: '*abwarme|*abwaerme|*warmeruckgewinnung|*waermerueckgewinnung|*warmetauscher|*warmeubertrager',
      fr: 'chaleur fatale|recuperation de chaleur|chaleur perdue|chaleur de recuperation|echangeur', es: 'calor residual|recuperacion de calor|intercambiador', it: 'recupero di calore|recupero termico|calore di scarto|cascami termici|scambiator',
      nl: '*restwarmte|*warmteterugwinning|*warmtewisselaar', pl: 'cieplo odpadowe|ciepla odpadowego|odzysk ciepla|odzysku ciepla', sv: '*spillvarme|*varmeatervinning|*overskottsvarme|*varmevaxlare',
      da: '*overskudsvarme|*varmegenvind|*spildvarme|*varmeveksler', fi: 'hukkalamp|lammon talteenot|lammontalteenot', no: '*overskuddsvarme|*varmegjenvinning|*spillvarme' } },
  { id: 'hydrogen', label: 'hydrogen', topics: ['hydrogen'], canonical: 'hydrogen electrolyser',
    terms: { en: 'hydrogen|electrolys|fuel cell', de: '*wasserstoff|elektrolyseur|*brennstoffzell', fr: 'hydrogene|electrolyseur|pile a combustible', es: 'hidrogeno|electrolizador|pila de combustible',
      it: 'idrogeno|elettrolizzat|cell* a combustibile', nl: '*waterstof|elektrolyser|brandstofcel', pl: 'wodor|elektrolizer|ogniw* paliwow', sv: '*vatgas|elektrolysor|*branslecell',
      da: '*brint|elektrolys|*braendselscelle', fi: 'vety$|vedyn|vetytalou|elektrolyy|polttokenno', no: '*hydrogen|*brenselcelle' } },
  { id: 'biomass', label: 'biomass and biogas', topics: ['renewable_energy', 'bioeconomy'], canonical: 'biomass biogas biomethane pellets',
    terms: { en: 'biomass|biogas|biomethane|wood pellet|wood chip|bioenergy|anaerobic digest|biofuel', de: '*biomasse|*biogas|*biomethan|*holzpellet|*hackschnitzel|*holzheizung|*holzkessel',
      fr: 'biomasse|biogaz|biomethane|granules de bois|plaquettes forestieres|methanisation|chaudiere bois|chaudiere biomasse', es: 'biomasa|biogas|biometano|pellets|caldera de biomasa',
      it: 'biomass|biogas|biometano|pellet|caldaia a biomassa', nl: 'biomassa|biogas|groen gas|vergist|houtpellet', pl: 'biomas|biogaz|biometan|pelet', sv: 'biobransle|biogas|flis$|pellets|biomassa',
      da: 'biomasse|biogas|flis$|traepiller|biobraendsel', fi: 'biomassa|biokaasu|hake$|pelletti|bioenergi', no: 'biobrensel|biogass|flis$' } },
  { id: 'energy_storage', label: 'energy storage', topics: ['renewable_energy', 'electrification'], canonical: 'battery energy storage',
    terms: { en: 'battery storage|energy storage|battery system|batteries|thermal storage|heat storage|bess$', de: '*batteriespeicher|*stromspeicher|*energiespeicher|*warmespeicher|*waermespeicher',
      fr: 'stockage d energie|stockage de l energie|stockage par batterie|batteries|stockage thermique', es: 'almacenamiento de energia|almacenamiento energetico|baterias',
      it: 'sistem* di accumulo|accumulo energetico|batterie di accumulo|stoccaggio energetico', nl: '*batterijopslag|*energieopslag|thuisbatterij|*warmteopslag', pl: 'magazyn* energii|magazynowani* energii',
      sv: '*energilager|*batterilager', da: '*energilager|*batterilager', fi: 'energiavarasto|akusto|sahkovarasto|lampovarasto', no: '*batterilagring|*energilagring' } },
  { id: 'efficient_motors', label: 'efficient motors, pumps and compressed air', topics: ['energy_efficiency', 'electrification'], canonical: 'efficient motors pumps compressed air drives',
    terms: { en: 'compressed air|air compressor|compressor|electric motor|efficient motor|high efficiency motor|variable speed drive|frequency converter|efficient pump|ie4$|ie5$|fans and pumps',
      de: '*druckluft|kompressor|*elektromotor|hocheffizienzpump|frequenzumrichter|querschnittstechnologi', fr: 'air comprime|compresseur|moteur* electrique|variateur* de vitesse|moteur* a haut rendement',
      es: 'aire comprimido|compresor|motor* electric* eficient|motor* de alta eficiencia|variador* de frecuencia', it: 'aria compressa|compressor|motori elettrici|motori ad alta efficienza|inverter',
      nl: 'perslucht|compressor|*elektromotor|frequentieregelaar|hoogrendement* pomp', pl: 'sprezone powietrze|sprezonego powietrza|sprezark|silnik* elektryczn|falownik',
      sv: 'tryckluft|kompressor|*elmotor|frekvensomriktare|varvtalsstyr', da: 'trykluft|kompressor|*elmotor|frekvensomformer', fi: 'paineilm|kompressor|sahkomoottor|taajuusmuuttaj', no: 'trykkluft|kompressor|*elmotor' } },
  { id: 'circular_economy', label: 'circular economy and recycling', topics: ['circular_economy'], canonical: 'circular economy recycling reuse waste',
    terms: { en: 'circular|recycl|reuse|re use|remanufactur|waste reduction|waste prevention|secondary raw material|eco design|ecodesign|material efficiency|resource efficiency|upcycl|zero waste',
      de: '*kreislaufwirtschaft|*recycling|wiederverwend|wiederverwert|*abfallvermeidung|*ressourceneffizienz|*materialeffizienz|sekundarrohstoff', fr: 'economie circulaire|recycl|reemploi|reutilisation|valorisation des dechets|eco conception|ecoconception|reduction des dechets',
      es: 'economia circular|reciclaj|reciclad|reutilizacion|valorizacion de residuos|ecodiseno', it: 'economia circolare|riciclo|riciclag|riutilizzo|recupero di material|ecodesign|riduzione dei rifiuti',
      nl: 'circulair|hergebruik|recycl|afvalreductie|afvalpreventie', pl: 'gospodark* o obiegu zamknietym|recykling|ponowne uzycie|odpadow', sv: 'cirkular|*atervinning|ateranvand',
      da: 'cirkulaer|genbrug|*genanvendelse', fi: 'kiertotalou|kierratys|kierrat|uudelleenkay', no: 'sirkulaer|gjenvinning|ombruk' } },
  { id: 'process_efficiency', label: 'process and energy efficiency', topics: ['energy_efficiency'], canonical: 'energy efficiency process optimisation savings',
    terms: { en: 'process efficiency|process optimi|efficient machinery|production machinery|new machinery|efficient equipment|energy efficien|energy saving|reduce energy|energy consumption reduction|efficient production|efficiency upgrade|efficiency measure',
      de: '*energieeffizien|*energieeinspar|prozessoptimierung|*maschinenpark|*produktionsmaschine|effizient* maschine|*prozesseffizienz|energiesparen|energie sparen', fr: 'efficacite energetique|economies d energie|economie d energie|optimisation des procedes|sobriete energetique',
      es: 'eficiencia energetica|ahorro energetico|ahorro de energia|optimizacion de procesos|maquinaria eficiente|nueva maquinaria', it: 'efficienza energetica|risparmio energetico|efficientamento|macchinari|beni strumentali',
      nl: 'energie efficien|energiebesparing|*energiebesparende|energiezuinig|procesoptimalisatie', pl: 'efektywnos* energetyczn|oszczednos* energii', sv: 'energieffektiv|energibesparing',
      da: 'energieffektiv|energibesparel', fi: 'energiatehok|energiansaast', no: 'energieffektiv|energisparing' } },
  { id: 'wind', label: 'wind power', topics: ['renewable_energy'], canonical: 'wind turbine power',
    terms: { en: 'wind turbine|wind power|wind energy|wind farm|small wind', de: '*windkraft|*windenergie|*windrad|*windturbine', fr: 'eolien', es: 'eolic|aerogenerador', it: 'eolic',
      nl: '*windturbine|*windmolen|*windenergie', pl: '*wiatrow', sv: '*vindkraft|*vindturbin', da: '*vindmolle|*vindenergi|*vindkraft', fi: 'tuulivoim|tuuliturbiin', no: '*vindkraft' } },
  { id: 'carbon_capture', label: 'carbon capture', topics: ['carbon_capture'], canonical: 'carbon capture storage ccs',
    terms: { en: 'carbon capture|ccs$|ccus$|co2 capture|carbon removal|negative emission|co2 storage', de: 'co2 abscheidung|*kohlenstoffabscheidung|co2 speicherung', fr: 'captage du co2|captage de carbone|captage du carbone|stockage du carbone',
      es: 'captura de carbono|captura de co2', it: 'cattura della co2|cattura del carbonio|cattura di co2', nl: 'co2 afvang|co2 opslag|koolstofafvang', pl: 'wychwytywani* co2|wychwyt* dwutlenku wegla',
      sv: 'koldioxidavskiljning|*koldioxidinfangning', da: 'co2 fangst|co2 fangst og lagring', fi: 'hiilidioksidin talteenot|hiilen talteenot', no: 'karbonfangst|co2 fangst' } },
  { id: 'innovation', label: 'research and innovation', topics: ['innovation_rnd'], canonical: 'research innovation development pilot demonstration',
    terms: { en: 'research|innovat|prototype|pilot plant|pilot line|demonstrat|first of a kind|breakthrough|novel technolog|deep tech|trl$|rd$|new product development|patent',
      de: 'forschung|innovat|prototyp|pilotanlage|demonstrationsanlage|neuentwicklung|technologieentwicklung', fr: 'recherche|innovat|prototype|demonstrateur|pilote industriel|developpement experimental',
      es: 'investigacion|innovac|innovador|prototipo|planta piloto', it: 'ricerca|innovazion|innovativ|prototip|impianto pilota', nl: 'onderzoek|innovat|prototype|proeffabriek|pilotinstallatie',
      pl: 'badan* i rozwoj|innowac|prototyp|instalacj* pilotaz', sv: 'forskning|innovation|prototyp|pilotanlaggning|demonstrationsanlaggning', da: 'forskning|innovation|prototype|demonstrationsanlaeg',
      fi: 'tutkimu|innovaati|tuotekehity|prototyyp|pilottilaito', no: 'forskning|innovasjon|prototyp' } },
  { id: 'digital_energy_management', label: 'digital energy monitoring and management', topics: ['digital_green', 'energy_efficiency'], canonical: 'energy monitoring management digital metering',
    terms: { en: 'energy management system|energy monitoring|smart meter|sub meter|submeter|digital twin|iot$|digitali|energy data|automation|sensor',
      de: '*energiemanagement|*energiemonitoring|digitalisier|smart meter|*messtechnik|sensorik|automatisier', fr: 'numerique|digitalis|compteur* intelligent|suivi energetique|jumeau numerique|systeme de management de l energie',
      es: 'digitaliz|contador* inteligente|monitorizacion energetica|gestion energetica|gemelo digital', it: 'digitalizzazion|contatori intelligenti|monitoraggio energetico|gestione dell energia|industria 4 0|4 0$',
      nl: 'digitalis|slimme meter|*energiemonitoring|*energiemanagementsysteem', pl: 'cyfryzac|inteligentn* licznik|monitoring* energii|zarzadzani* energia', sv: 'digitaliser|smarta matare|*energiovervakning',
      da: 'digitaliser|intelligente malere|*energioverva', fi: 'digitalisaati|digitalisoi|alykas mittar|alykkaat mittarit|energianseuran', no: 'digitaliser' } },
  { id: 'training', label: 'training and skills', topics: ['training'], canonical: 'training skills capacity building',
    terms: { en: 'training|upskill|skills|capacity building|workshop|coaching|green team', de: '*schulung|*weiterbildung|*qualifizierung', fr: 'formation|accompagnement', es: 'formacion|capacitacion',
      it: 'formazion', nl: '*opleiding|training|cursus', pl: 'szkoleni', sv: '*utbildning|kompetensutveckling', da: '*uddannelse|kompetenceudvikl', fi: 'koulutu', no: 'opplaering|kompetanse' } },
  { id: 'water_efficiency', label: 'water efficiency', topics: ['water'], canonical: 'water saving wastewater reuse',
    terms: { en: 'water saving|water efficien|water reuse|water consumption|wastewater|waste water|water use|water treatment|rainwater|water recycling',
      de: '*wassereinspar|*abwasser|*regenwasser|wasserverbrauch|*wasseraufbereitung', fr: 'economies d eau|economie d eau|eaux usees|consommation d eau|gestion de l eau|reutilisation de l eau',
      es: 'ahorro de agua|aguas residuales|consumo de agua|reutilizacion del agua', it: 'risparmio idrico|acque reflue|consumo di acqua|consumi idrici', nl: '*afvalwater|*waterbesparing|waterverbruik|*hemelwater',
      pl: 'sciek|oszczednos* wody|zuzyci* wody', sv: '*avloppsvatten|*vattenbesparing|vattenanvandning', da: '*spildevand|*vandbesparel|vandforbrug', fi: 'jatevesi|jateveden|vedenkulutu|vedensaast', no: '*avlopsvann|vannforbruk' } },
  { id: 'agriculture', label: 'farming', topics: ['agriculture'], canonical: 'farm agriculture livestock',
    terms: { en: 'farming|farmer|farmland|farmyard|on farm|dairy farm|pig farm|poultry farm|arable farm|agricultur|livestock|greenhouses|glasshouse|horticultur|manure|irrigation',
      de: '*landwirtschaft|*landwirt|bauernhof|gewachshaus|*gulle|milchvieh|viehhaltung', fr: 'agricol|agricultur|exploitation agricole|elevage|serres$|maraich', es: 'agricol|agricultur|ganader|invernadero|explotacion agraria',
      it: 'agricol|agricoltur|allevament|serre$|azienda agricola', nl: '*landbouw|boerderij|*veehouderij|kassen$|*glastuinbouw|*tuinbouw|melkvee', pl: 'rolnict|rolnicz|gospodarstw* rolne|szklarni|hodowl',
      sv: '*jordbruk|*lantbruk|vaxthus$|djurhall|mjolkgard', da: '*landbrug|drivhus$|gartneri|kvaegbrug|svinebrug', fi: 'maatal|maatila|kasvihuone$|karjatil', no: '*landbruk|gardsbruk|veksthus$' } },
  { id: 'bio_based', label: 'bio-based materials', topics: ['bioeconomy', 'circular_economy'], canonical: 'bio based materials bioeconomy biorefinery',
    terms: { en: 'bio based|biobased|bioeconom|biorefiner|bioplastic|bio waste|biowaste', de: 'biobasier|*biookonomie|*bioraffinerie|biokunststoff|bioabfall', fr: 'biosource|bioeconomie|bioraffinerie|bioplastique|biodechet',
      es: 'bioeconomia|biobasad|biorrefiner|bioplastico|biorresiduo', it: 'bioeconomia|biobasat|bioraffineri|bioplastic', nl: 'biobased|biogebaseerd|bioeconomie|bioraffinage|bioplastic',
      pl: 'biogospodark|biotworzyw|biorafineri', sv: 'biobaserad|bioekonomi|bioraffinaderi', da: 'biobaseret|biookonomi|bioraffinaderi', fi: 'biotalou|biopohjai|biojalostamo', no: 'biobasert|biookonomi' } },
  { id: 'climate_adaptation', label: 'climate adaptation', topics: ['climate_adaptation'], canonical: 'climate adaptation resilience flood drought',
    terms: { en: 'climate adaptation|adaptation to climate|climate resilien|flood|heatwave|heat wave|drought', de: '*klimaanpassung|*hochwasser|starkregen|*klimaresilien|durre', fr: 'adaptation au changement climatique|resilience climatique|inondation|secheresse|canicule',
      es: 'adaptacion al cambio climatico|inundacion|sequia', it: 'adattamento climatico|adattamento ai cambiamenti climatici|alluvion|siccita', nl: '*klimaatadaptatie|overstroming|droogte|hittestress',
      pl: 'adaptac* do zmian klimatu|powodz|susz', sv: '*klimatanpassning|oversvamning|torka$', da: '*klimatilpasning|oversvommelse|skybrud', fi: 'ilmastonmuutokseen sopeutu|tulva|kuivuu', no: '*klimatilpasning|flom$' } },
  { id: 'biodiversity', label: 'biodiversity and nature', topics: ['biodiversity'], canonical: 'biodiversity habitat nature restoration',
    terms: { en: 'biodiversity|habitat|nature restoration|ecosystem|pollinator|rewilding', de: '*biodiversitat|artenvielfalt|renaturierung|okosystem', fr: 'biodiversite|ecosysteme|restauration de la nature', es: 'biodiversidad|ecosistema',
      it: 'biodiversita|ecosistem', nl: 'biodiversiteit|natuurherstel|ecosysteem', pl: 'bioroznorodnos|ekosystem', sv: 'biologisk mangfald|biodiversitet', da: 'biodiversitet|naturgenopretning',
      fi: 'luonnon monimuotoisuu|biodiversiteet', no: 'naturmangfold|biodiversitet' } },
  { id: 'heating_system', label: 'replacing heating systems', topics: ['buildings', 'renewable_energy'], canonical: 'heating system boiler replacement district heating',
    terms: { en: 'heating system|space heating|district heating|building heating|fossil heating|renewable heating|heating replacement|boiler replacement|replace* boiler|new boiler|heat network|hvac',
      de: '*heizung|*fernwarme|*fernwaerme|*heizkessel|*warmenetz', fr: 'chauffage|chaudiere|reseau de chaleur|reseaux de chaleur', es: 'calefaccion|caldera|red de calor|climatizacion',
      it: 'riscaldamento|caldaia|teleriscaldamento', nl: '*verwarming|cv ketel|*warmtenet', pl: 'ogrzewani|kociol|kotl|cieplownic', sv: '*uppvarmning|*fjarrvarme|*varmesystem',
      da: '*opvarmning|*fjernvarme|*varmeanlaeg|oliefyr|gasfyr', fi: 'lammity|kaukolamp|kattil', no: '*oppvarming|*fjernvarme' } },
  { id: 'refrigeration', label: 'efficient refrigeration and cooling', topics: ['energy_efficiency'], canonical: 'refrigeration cooling chillers',
    terms: { en: 'refrigerat|cooling system|chiller|cold storage|cold room|freezer|natural refrigerant', de: '*kaltetechnik|*kalteanlage|*kuhlung|*kuhlhaus|*kuhlraum|*kuhlanlage|*kaeltetechnik',
      fr: 'froid industriel|refrigera|groupe froid|chambre froide|chambres froides', es: 'refrigeracion|frio industrial|camaras frigorificas|camara frigorifica',
      it: 'refrigerazion|celle frigorifere|catena del freddo', nl: '*koeling|*koelinstallatie|koelcel|vriescel', pl: 'chlodni|chlodzeni|chlodnicz', sv: '*kylanlaggning|*kylsystem|kylrum|frysrum',
      da: '*koling|*koleanlaeg|kolerum|fryserum', fi: 'jaahdy|kylmalait|kylmahuone|pakastamo', no: '*kjoling|*kjoleanlegg' } },
];

/**
 * Fossil-fuel equipment and electric alternatives. A project text mentioning both
 * ("replacing a gas oven with an electric one") is a fuel switch to electricity even though
 * no single term says so; concept-lexicon.ts fires `process_electrification` for it. Heat
 * pumps are deliberately not "electric" here: fossil boiler -> heat pump is `heat_pump`.
 */
export const FOSSIL_TERMS =
  'gas$|gaz$|gas oven|gas boiler|gas burner|gas fired|*gasback|*gasherd|natural gas|diesel|heating oil|fuel oil|coal$|lpg$|propane|fossil|oil boiler|oil fired|' +
  '*erdgas|*gasofen|*gaskessel|*gasbrenner|*heizol|*heizoel|kohle$|fossil|gaz naturel|fioul|chaudiere gaz|chaudiere a gaz|four a gaz|fossile|' +
  'gas natural|gasoleo|caldera de gas|horno de gas|fosil|gas naturale|metano|gasolio|caldaia a gas|forno a gas|fossil|' +
  '*aardgas|*gasketel|*gasoven|stookolie|fossiel|gaz ziemny|gazow|wegiel|wegla|olej opalowy|paliw* kopaln|' +
  '*naturgas|fossilgas|eldningsolja|*gaspanna|oljepanna|*gasfyr|fyringsolie|*oliefyr|maakaasu|oljy|kivihiil|naturgass|fyringsolje';

export const ELECTRIC_TERMS =
  'electric$|electrically|electrif|electrique|electrico|electrica|elektrisch|elektro|elettric|elektryczn|elektrisk|sahkoinen|sahkoi|induction|induktion';
