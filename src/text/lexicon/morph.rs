//! Spanish inflection: the forms of a dictionary headword.
//!
//! The embedded word list (`wspanish`) holds headwords only: `pilar`, not
//! `pilares`; `estructurar`, not `estructuren`. This module expands a
//! headword into `(stem, paradigm)` pairs whose `stem + ending` are its
//! forms: noun and adjective number and gender, the regular verb
//! conjugations with their spelling changes (`realice`, `fortalezcan`,
//! `contribuyendo`), the common stem-changing verbs (`requieren`) and the
//! irregular ones (`hubo`, `vio`).
//!
//! It errs on the side of generating too much: a non-word that sneaks in can
//! only make the corrector leave an OCR error alone, while a real form left
//! out could make it "correct" a right word.

/// A list of endings appended to a stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Para {
    /// Fixed endings.
    Fixed(&'static [&'static str]),
    /// Space-separated endings (irregular verb forms after a prefix).
    Words(&'static str),
    /// A regular conjugation.
    Verb(Conj, Ortho),
}

/// The conjugation a verb belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Conj {
    Ar,
    Er,
    Ir,
}

/// The spelling change a regular verb makes at the end of its stem; the
/// stem handed out excludes the letters that change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Ortho {
    None,
    /// `-car`: `c` → `qu` before `e` (*busqué*).
    Car,
    /// `-gar`: `g` → `gu` before `e` (*pagué*).
    Gar,
    /// `-zar`: `z` → `c` before `e` (*realice*).
    Zar,
    /// `-guar`: `gu` → `gü` before `e` (*averigüe*).
    Guar,
    /// `-iar`: `í` when stressed (*amplía*), kept plain too (*cambia*).
    Iar,
    /// `-uar`: `ú` when stressed (*actúa*), kept plain too.
    Uar,
    /// vowel + `-cer`/`-cir`: `zc` before `a`/`o` (*fortalezca*).
    Zc,
    /// consonant + `-cer`/`-cir`: `z` before `a`/`o` (*venza*).
    Cz,
    /// `-ger`/`-gir`: `j` before `a`/`o` (*dirija*).
    Gj,
    /// `-guir`: `g` before `a`/`o` (*distinga*).
    Guir,
    /// `-quir`: `c` before `a`/`o` (*delinca*).
    Quir,
    /// `-uir`: `y` between vowels (*contribuyen*).
    Uir,
    /// vowel + `-er` (*leer*): `y` between vowels, `í` stressed (*leyó*, *leído*).
    VowelEr,
    /// `-ducir`: `zc` and the strong preterite (*produjo*).
    Ducir,
}

// The regular endings. Left out on purpose: the *vosotros* forms (not used
// in Mexico) and the future subjunctive (archaic; a few irregular ones are
// kept below): each extra form is one more near neighbour that can make a
// real OCR error look ambiguous.
const AR: &[&str] = &[
    "ar", "ando", "ado", "ada", "ados", "adas", "o", "as", "a", "amos", "an", "é", "aste", "ó",
    "aron", "aba", "abas", "ábamos", "aban", "aré", "arás", "ará", "aremos", "arán", "aría",
    "arías", "aríamos", "arían", "e", "es", "emos", "en", "ara", "aras", "áramos", "aran", "ase",
    "ases", "ásemos", "asen", "ad",
];

const ER: &[&str] = &[
    "er", "iendo", "ido", "ida", "idos", "idas", "o", "es", "e", "emos", "en", "í", "iste", "ió",
    "imos", "ieron", "ía", "ías", "íamos", "ían", "eré", "erás", "erá", "eremos", "erán", "ería",
    "erías", "eríamos", "erían", "a", "as", "amos", "an", "iera", "ieras", "iéramos", "ieran",
    "iese", "ieses", "iésemos", "iesen", "ed",
];

const IR: &[&str] = &[
    "ir", "iendo", "ido", "ida", "idos", "idas", "o", "es", "e", "imos", "en", "í", "iste", "ió",
    "ieron", "ía", "ías", "íamos", "ían", "iré", "irás", "irá", "iremos", "irán", "iría", "irías",
    "iríamos", "irían", "a", "as", "amos", "an", "iera", "ieras", "iéramos", "ieran", "iese",
    "ieses", "iésemos", "iesen", "id",
];

/// The strong preterite of `-ducir` verbs, after `duj`.
const DUJ: &[&str] = &[
    "e", "iste", "o", "imos", "eron", "era", "eras", "éramos", "eran", "ese", "eses", "ésemos",
    "esen",
];

/// Present-tense endings that stress the stem (where `-iar` takes `í`).
const STRESSED: &[&str] = &["o", "as", "a", "an", "e", "es", "en"];

impl Para {
    /// The endings of this paradigm (possibly repeated).
    pub(crate) fn endings(self) -> Vec<String> {
        match self {
            Para::Fixed(list) => list.iter().map(|s| s.to_string()).collect(),
            Para::Words(words) => words.split_whitespace().map(str::to_string).collect(),
            Para::Verb(conj, ortho) => verb_endings(conj, ortho),
        }
    }
}

fn starts_front(e: &str) -> bool {
    matches!(e.chars().next(), Some('e' | 'é' | 'i' | 'í'))
}

fn starts_back(e: &str) -> bool {
    matches!(e.chars().next(), Some('a' | 'á' | 'o' | 'ó' | 'u' | 'ú'))
}

fn is_plain_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// The letters of the infinitive that a verb class keeps out of its stem.
fn ortho_letters(ortho: Ortho) -> &'static str {
    match ortho {
        Ortho::None | Ortho::VowelEr => "",
        Ortho::Car | Ortho::Zc | Ortho::Cz => "c",
        Ortho::Gar | Ortho::Gj => "g",
        Ortho::Zar => "z",
        Ortho::Guar | Ortho::Guir => "gu",
        Ortho::Iar => "i",
        Ortho::Uar | Ortho::Uir => "u",
        Ortho::Quir => "qu",
        Ortho::Ducir => "duc",
    }
}

/// Inflected ending → headword ending, for every regular paradigm: the
/// inverse of [`expand`], for analysing words derived from a headword
/// (`potencializando` → `potencializar` ← `potencial`).
pub(crate) fn inverse_rules() -> Vec<(String, String)> {
    use Ortho::*;
    let classes: &[(Conj, &[Ortho])] = &[
        (Conj::Ar, &[None, Car, Gar, Zar, Guar, Iar, Uar]),
        (Conj::Er, &[None, Zc, Cz, Gj, VowelEr]),
        (Conj::Ir, &[None, Zc, Cz, Gj, Guir, Quir, Uir, Ducir]),
    ];
    let mut out: Vec<(String, String)> = [
        ("", ""),
        ("s", ""),
        ("es", ""),
        ("ces", "z"),
        ("a", "o"),
        ("os", "o"),
        ("as", "o"),
        ("ones", "ón"),
        ("ona", "ón"),
        ("onas", "ón"),
    ]
    .iter()
    .map(|&(a, b)| (a.to_string(), b.to_string()))
    .collect();
    for &(conj, orthos) in classes {
        let inf = match conj {
            Conj::Ar => "ar",
            Conj::Er => "er",
            Conj::Ir => "ir",
        };
        for &o in orthos {
            let head = format!("{}{inf}", ortho_letters(o));
            for e in verb_endings(conj, o) {
                out.push((e, head.clone()));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn verb_endings(conj: Conj, ortho: Ortho) -> Vec<String> {
    let base = match conj {
        Conj::Ar => AR,
        Conj::Er => ER,
        Conj::Ir => IR,
    };
    let mut out = Vec::with_capacity(base.len() * 2);
    for &e in base {
        match ortho {
            Ortho::None => out.push(e.to_string()),
            Ortho::Car => out.push(format!("{}{e}", if starts_front(e) { "qu" } else { "c" })),
            Ortho::Gar => out.push(format!("{}{e}", if starts_front(e) { "gu" } else { "g" })),
            Ortho::Zar => out.push(format!("{}{e}", if starts_front(e) { "c" } else { "z" })),
            Ortho::Guar => out.push(format!("{}{e}", if starts_front(e) { "gü" } else { "gu" })),
            Ortho::Iar | Ortho::Uar => {
                let (plain, stressed) = if ortho == Ortho::Iar {
                    ("i", "í")
                } else {
                    ("u", "ú")
                };
                out.push(format!("{plain}{e}"));
                if STRESSED.contains(&e) {
                    out.push(format!("{stressed}{e}"));
                }
            }
            Ortho::Zc | Ortho::Cz => {
                if starts_back(e) {
                    out.push(format!("zc{e}"));
                    out.push(format!("z{e}"));
                } else {
                    out.push(format!("c{e}"));
                }
            }
            Ortho::Gj => out.push(format!("{}{e}", if starts_back(e) { "j" } else { "g" })),
            Ortho::Guir => out.push(format!("{}{e}", if starts_back(e) { "g" } else { "gu" })),
            Ortho::Quir => out.push(format!("{}{e}", if starts_back(e) { "c" } else { "qu" })),
            Ortho::Ducir => out.push(format!(
                "{}{e}",
                if starts_back(e) { "duzc" } else { "duc" }
            )),
            Ortho::Uir => {
                let mut cs = e.chars();
                let first = cs.next();
                let second = cs.next();
                let s = match (first, second) {
                    (Some('a' | 'o' | 'e'), _) => format!("uy{e}"),
                    (Some('i'), Some(v)) if is_plain_vowel(v) || "áéó".contains(v) => {
                        format!("uy{}", &e[1..])
                    }
                    _ => format!("u{e}"),
                };
                out.push(s);
            }
            Ortho::VowelEr => {
                let mut cs = e.chars();
                let first = cs.next();
                let second = cs.next();
                let s = match (first, second) {
                    (Some('i'), Some(v)) if is_plain_vowel(v) || "áéó".contains(v) => {
                        format!("y{}", &e[1..])
                    }
                    (Some('i'), _) => format!("í{}", &e[1..]),
                    _ => e.to_string(),
                };
                out.push(s);
            }
        }
    }
    if ortho == Ortho::Ducir {
        out.extend(DUJ.iter().map(|e| format!("duj{e}")));
    }
    out
}

/// Prefixes a derived verb may put before its base (*ob-tener*, *pro-poner*).
const PREFIXES: &[&str] = &[
    "", "a", "ab", "abs", "ad", "ante", "as", "ben", "bien", "circun", "co", "com", "con",
    "contra", "de", "des", "descom", "di", "dis", "e", "em", "en", "entre", "equi", "es", "ex",
    "im", "in", "inter", "man", "mal", "o", "ob", "per", "pos", "pre", "predis", "pro", "re",
    "recom", "sobre", "son", "sos", "su", "sub", "super", "sus", "tras", "trans", "yuxta",
];

/// The prefix that makes `lemma` a derivative of `base`, if any.
fn derived<'a>(lemma: &'a str, base: &str) -> Option<&'a str> {
    let p = strip_tail(lemma, base)?;
    PREFIXES.contains(&p).then_some(p)
}

/// `w` without the ending `tail`: [`str::strip_suffix`], but comparing
/// from the end, where the infinitives of the tables here differ first
/// (every headword is checked against all of them).
fn strip_tail<'a>(w: &'a str, tail: &str) -> Option<&'a str> {
    let cut = w.len().checked_sub(tail.len())?;
    // The third letter from the end tells most infinitives apart
    // (`pen-s-ar`, `con-t-ar`): a quick first test.
    if tail.len() >= 3 && w.as_bytes().get(w.len() - 3) != tail.as_bytes().get(tail.len() - 3) {
        return None;
    }
    let same = w.bytes().rev().zip(tail.bytes().rev()).all(|(a, b)| a == b);
    if same {
        w.get(..cut)
    } else {
        None
    }
}

/// Irregular verbs: base, whether prefixed derivatives share the forms, and
/// the forms the regular paradigm does not produce.
const IRREGULAR: &[(&str, bool, &str)] = &[
    (
        "ser",
        false,
        "soy eres es somos sois son fui fuiste fue fuimos fuisteis fueron era eras éramos erais eran seré serás \
         será seremos seréis serán sería serías seríamos seríais serían sea seas seamos seáis sean fuera fueras \
         fuéramos fuerais fueran fuese fueses fuésemos fueseis fuesen fuere fueres fuéremos fuereis fueren sé sed \
         siendo sido ser",
    ),
    (
        "estar",
        false,
        "estoy estás está estamos estáis están estuve estuviste estuvo estuvimos estuvisteis estuvieron esté estés \
         estemos estéis estén estuviera estuvieras estuviéramos estuvierais estuvieran estuviese estuvieses \
         estuviésemos estuvieseis estuviesen estuviere estuvieres estuvieren",
    ),
    (
        "ir",
        false,
        "ir voy vas va vamos vais van fui fuiste fue fuimos fuisteis fueron iba ibas íbamos ibais iban vaya vayas \
         vayamos vayáis vayan fuera fueras fuéramos fuerais fueran fuese fueses fuésemos fueseis fuesen yendo ido \
         ida idos idas ve id iré irás irá iremos iréis irán iría irías iríamos iríais irían",
    ),
    (
        "haber",
        false,
        "he has ha hemos habéis han hay hube hubiste hubo hubimos hubisteis hubieron habré habrás habrá habremos \
         habréis habrán habría habrías habríamos habríais habrían haya hayas hayamos hayáis hayan hubiera hubieras \
         hubiéramos hubierais hubieran hubiese hubieses hubiésemos hubieseis hubiesen hubiere hubieren",
    ),
    (
        "tener",
        true,
        "tengo tienes tiene tienen tuve tuviste tuvo tuvimos tuvisteis tuvieron tendré tendrás tendrá tendremos \
         tendréis tendrán tendría tendrías tendríamos tendríais tendrían tenga tengas tengamos tengáis tengan \
         tuviera tuvieras tuviéramos tuvierais tuvieran tuviese tuvieses tuviésemos tuvieseis tuviesen tuviere \
         tuvieren ten tén",
    ),
    (
        "hacer",
        true,
        "hago haces hace hacemos hacéis hacen hice hiciste hizo hicimos hicisteis hicieron haré harás hará haremos \
         haréis harán haría harías haríamos haríais harían haga hagas hagamos hagáis hagan hiciera hicieras \
         hiciéramos hicierais hicieran hiciese hicieses hiciésemos hicieseis hiciesen hiciere hicieren haz hecho \
         hecha hechos hechas",
    ),
    (
        "satisfacer",
        false,
        "satisfago satisfaga satisfagas satisfagamos satisfagan satisfice satisficiste satisfizo satisficimos \
         satisficieron satisfaré satisfarás satisfará satisfaremos satisfarán satisfaría satisfarían satisficiera \
         satisficieran satisficiese satisfecho satisfecha satisfechos satisfechas satisfaz",
    ),
    (
        "poder",
        false,
        "puedo puedes puede pueden pude pudiste pudo pudimos pudisteis pudieron podré podrás podrá podremos podréis \
         podrán podría podrías podríamos podríais podrían pueda puedas puedan pudiera pudieras pudiéramos pudierais \
         pudieran pudiese pudieses pudiésemos pudieseis pudiesen pudiendo pudiere pudieren",
    ),
    (
        "decir",
        true,
        "digo dices dice decimos decís dicen dije dijiste dijo dijimos dijisteis dijeron diré dirás dirá diremos \
         diréis dirán diría dirías diríamos diríais dirían diga digas digamos digáis digan dijera dijeras dijéramos \
         dijerais dijeran dijese dijeses dijésemos dijeseis dijesen dijere dijeren di diciendo dicho dicha dichos \
         dichas",
    ),
    (
        "poner",
        true,
        "pongo pones pone ponemos ponéis ponen puse pusiste puso pusimos pusisteis pusieron pondré pondrás pondrá \
         pondremos pondréis pondrán pondría pondrías pondríamos pondríais pondrían ponga pongas pongamos pongáis \
         pongan pusiera pusieras pusiéramos pusierais pusieran pusiese pusieses pusiésemos pusieseis pusiesen \
         pusiere pusieren pon puesto puesta puestos puestas",
    ),
    (
        "venir",
        true,
        "vengo vienes viene vienen vine viniste vino vinimos vinisteis vinieron vendré vendrás vendrá vendremos \
         vendréis vendrán vendría vendrías vendríamos vendríais vendrían venga vengas vengamos vengáis vengan \
         viniera vinieras viniéramos vinierais vinieran viniese vinieses viniésemos vinieseis viniesen viniere \
         vinieren ven viniendo",
    ),
    (
        "saber",
        false,
        "sé sabes sabe sabemos sabéis saben supe supiste supo supimos supisteis supieron sabré sabrás sabrá sabremos \
         sabréis sabrán sabría sabrías sabríamos sabríais sabrían sepa sepas sepamos sepáis sepan supiera supieras \
         supiéramos supierais supieran supiese supieses supiésemos supieseis supiesen supiere supieren",
    ),
    (
        "querer",
        false,
        "quiero quieres quiere quieren quise quisiste quiso quisimos quisisteis quisieron querré querrás querrá \
         querremos querréis querrán querría querrías querríamos querríais querrían quiera quieras quieran quisiera \
         quisieras quisiéramos quisierais quisieran quisiese quisieses quisiésemos quisieseis quisiesen quisiere \
         quisieren",
    ),
    (
        "dar",
        false,
        "dar doy das da damos dais dan di diste dio dimos disteis dieron daba dabas dábamos dabais daban daré darás \
         dará daremos daréis darán daría darías daríamos daríais darían dé des demos deis den diera dieras \
         diéramos dierais dieran diese dieses diésemos dieseis diesen diere dieren dando dado dada dados dadas",
    ),
    (
        "ver",
        true,
        "ver veo ves ve vemos veis ven vi viste vio vimos visteis vieron veía veías veíamos veíais veían veré verás \
         verá veremos veréis verán vería verías veríamos veríais verían vea veas veamos veáis vean viera vieras \
         viéramos vierais vieran viese vieses viésemos vieseis viesen viere vieren visto vista vistos vistas viendo \
         vé",
    ),
    (
        "salir",
        true,
        "salgo salga salgas salgamos salgáis salgan saldré saldrás saldrá saldremos saldréis saldrán saldría \
         saldrías saldríamos saldríais saldrían sal",
    ),
    (
        "valer",
        true,
        "valgo valga valgas valgamos valgáis valgan valdré valdrás valdrá valdremos valdréis valdrán valdría \
         valdrías valdríamos valdríais valdrían",
    ),
    (
        "traer",
        true,
        "traigo traiga traigas traigamos traigáis traigan traje trajiste trajo trajimos trajisteis trajeron trajera \
         trajeras trajéramos trajerais trajeran trajese trajeses trajésemos trajeseis trajesen trajere trajeren",
    ),
    (
        "caer",
        true,
        "caigo caiga caigas caigamos caigáis caigan",
    ),
    (
        "oír",
        true,
        "oír oigo oyes oye oímos oís oyen oí oíste oyó oísteis oyeron oía oías oíamos oíais oían oiré oirás oirá \
         oiremos oiréis oirán oiría oirías oiríamos oiríais oirían oiga oigas oigamos oigáis oigan oyera oyeras \
         oyéramos oyerais oyeran oyese oyeses oyésemos oyeseis oyesen oyere oyeren oíd oyendo oído oída oídos oídas",
    ),
    (
        "reír",
        true,
        "reír río ríes ríe reímos reís ríen reí reíste rio rió reísteis rieron reía reías reíamos reíais reían \
         reiré reirás reirá reiremos reiréis reirán reiría reirías reiríamos reiríais reirían ría rías riamos riáis \
         rían riera rieras riéramos rierais rieran riese rieses riésemos rieseis riesen riere rieren riendo reído \
         reída reídos reídas",
    ),
    (
        "freír",
        false,
        "freír frío fríes fríe freímos freís fríen freí freíste frio frió freísteis frieron freía freían freirá \
         fría frían friera frieran friendo freído frito frita fritos fritas",
    ),
    (
        "caber",
        false,
        "quepo cupe cupiste cupo cupimos cupisteis cupieron cabré cabrás cabrá cabremos cabréis cabrán cabría \
         cabrías cabríamos cabríais cabrían quepa quepas quepamos quepáis quepan cupiera cupieras cupiéramos \
         cupierais cupieran cupiese cupieses cupiésemos cupieseis cupiesen cupiere",
    ),
    (
        "andar",
        true,
        "anduve anduviste anduvo anduvimos anduvisteis anduvieron anduviera anduvieras anduviéramos anduvierais \
         anduvieran anduviese anduvieses anduviésemos anduvieseis anduviesen anduviere",
    ),
    ("oler", false, "huelo hueles huele huelen huela huelas huelan"),
    ("errar", false, "yerro yerras yerra yerran yerre yerres yerren yerra"),
];

/// Irregular participles: base ending, participle stem; derivatives with
/// any prefix share them (*des-cubierto*, *re-suelto*).
const PARTICIPLES: &[(&str, &str)] = &[
    ("abrir", "abiert"),
    ("cubrir", "cubiert"),
    ("scribir", "scrit"),
    ("morir", "muert"),
    ("volver", "vuelt"),
    ("solver", "suelt"),
    ("romper", "rot"),
    ("imprimir", "impres"),
    ("proveer", "provist"),
    ("pudrir", "podrid"),
];

/// How a stem vowel changes under stress.
#[derive(Clone, Copy)]
enum Change {
    /// `e` → `ie` (*piensa*).
    EIe,
    /// `e` → `ie` and `i` (*siente*, *sintió*).
    EIeI,
    /// `e` → `i` (*pide*).
    EI,
    /// `o` → `ue` (*cuenta*).
    OUe,
    /// `o` → `ue` and `u` (*duerme*, *durmió*).
    OUeU,
    /// `u` → `ue` (*juega*).
    UUe,
    /// `i` → `ie` (*adquiere*).
    IIe,
}

/// Stem-changing verbs (bases; derivatives by [`PREFIXES`] follow them).
const STEM_CHANGES: &[(&str, Change)] = &[
    ("pensar", Change::EIe),
    ("cerrar", Change::EIe),
    ("empezar", Change::EIe),
    ("comenzar", Change::EIe),
    ("despertar", Change::EIe),
    ("sentar", Change::EIe),
    ("calentar", Change::EIe),
    ("gobernar", Change::EIe),
    ("manifestar", Change::EIe),
    ("mendar", Change::EIe),
    ("comendar", Change::EIe),
    ("confesar", Change::EIe),
    ("atravesar", Change::EIe),
    ("negar", Change::EIe),
    ("regar", Change::EIe),
    ("fregar", Change::EIe),
    ("plegar", Change::EIe),
    ("nevar", Change::EIe),
    ("tropezar", Change::EIe),
    ("acertar", Change::EIe),
    ("certar", Change::EIe),
    ("apretar", Change::EIe),
    ("merendar", Change::EIe),
    ("sembrar", Change::EIe),
    ("temblar", Change::EIe),
    ("enterrar", Change::EIe),
    ("quebrar", Change::EIe),
    ("helar", Change::EIe),
    ("mentar", Change::EIe),
    ("alentar", Change::EIe),
    ("reventar", Change::EIe),
    ("segar", Change::EIe),
    ("cegar", Change::EIe),
    ("tender", Change::EIe),
    ("defender", Change::EIe),
    ("encender", Change::EIe),
    ("cender", Change::EIe),
    ("perder", Change::EIe),
    ("verter", Change::EIe),
    ("querer", Change::EIe),
    ("sentir", Change::EIeI),
    ("mentir", Change::EIeI),
    ("ferir", Change::EIeI),
    ("querir", Change::EIeI),
    ("gerir", Change::EIeI),
    ("herir", Change::EIeI),
    ("hervir", Change::EIeI),
    ("vertir", Change::EIeI),
    ("venir", Change::EIeI),
    ("tener", Change::EIe),
    ("adquirir", Change::IIe),
    ("inquirir", Change::IIe),
    ("pedir", Change::EI),
    ("medir", Change::EI),
    ("seguir", Change::EI),
    ("elegir", Change::EI),
    ("regir", Change::EI),
    ("corregir", Change::EI),
    ("servir", Change::EI),
    ("petir", Change::EI),
    ("vestir", Change::EI),
    ("rendir", Change::EI),
    ("gemir", Change::EI),
    ("cebir", Change::EI),
    ("derretir", Change::EI),
    ("ceñir", Change::EI),
    ("teñir", Change::EI),
    ("reñir", Change::EI),
    ("decir", Change::EI),
    ("contar", Change::OUe),
    ("encontrar", Change::OUe),
    ("cordar", Change::OUe),
    ("mostrar", Change::OUe),
    ("probar", Change::OUe),
    ("costar", Change::OUe),
    ("sonar", Change::OUe),
    ("soñar", Change::OUe),
    ("volar", Change::OUe),
    ("rodar", Change::OUe),
    ("almorzar", Change::OUe),
    ("forzar", Change::OUe),
    ("colgar", Change::OUe),
    ("rogar", Change::OUe),
    ("soltar", Change::OUe),
    ("acostar", Change::OUe),
    ("consolar", Change::OUe),
    ("apostar", Change::OUe),
    ("poblar", Change::OUe),
    ("tostar", Change::OUe),
    ("tronar", Change::OUe),
    ("volcar", Change::OUe),
    ("avergonzar", Change::OUe),
    ("poder", Change::OUe),
    ("volver", Change::OUe),
    ("solver", Change::OUe),
    ("mover", Change::OUe),
    ("llover", Change::OUe),
    ("doler", Change::OUe),
    ("soler", Change::OUe),
    ("morder", Change::OUe),
    ("torcer", Change::OUe),
    ("cocer", Change::OUe),
    ("moler", Change::OUe),
    ("dormir", Change::OUeU),
    ("morir", Change::OUeU),
    ("jugar", Change::UUe),
];

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e' | 'i' | 'o' | 'u' | 'á' | 'é' | 'í' | 'ó' | 'ú' | 'ü'
    )
}

fn is_strong(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'o' | 'á' | 'é' | 'ó' | 'í' | 'ú')
}

fn accented(c: char) -> Option<char> {
    Some(match c {
        'a' => 'á',
        'e' => 'é',
        'i' => 'í',
        'o' => 'ó',
        'u' => 'ú',
        _ => return None,
    })
}

fn unaccented(c: char) -> char {
    match c {
        'á' => 'a',
        'é' => 'e',
        'í' => 'i',
        'ó' => 'o',
        'ú' | 'ü' => 'u',
        _ => c,
    }
}

fn has_accent(w: &str) -> bool {
    w.chars().any(|c| matches!(c, 'á' | 'é' | 'í' | 'ó' | 'ú'))
}

/// The vowel nuclei (char index ranges) of a word: diphthongs are one
/// nucleus, strong-strong pairs and accented `í`/`ú` split; the silent `u`
/// of `que`/`gui` is no vowel.
fn nuclei(cs: &[char]) -> Vec<(usize, usize)> {
    let silent = |i: usize| {
        cs[i] == 'u'
            && i > 0
            && matches!(cs[i - 1], 'q' | 'g')
            && matches!(cs.get(i + 1), Some('e' | 'i' | 'é' | 'í'))
    };
    let vowel = |i: usize| is_vowel(cs[i]) && !silent(i);
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        if !vowel(i) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < cs.len() && vowel(i) {
            let (a, b) = (cs[i - 1], cs[i]);
            let hiatus =
                (is_strong(a) && is_strong(b)) || matches!(a, 'í' | 'ú') || matches!(b, 'í' | 'ú');
            if hiatus {
                break;
            }
            i += 1;
        }
        out.push((start, i));
    }
    out
}

/// The plural of a word stressed on its next-to-last syllable that ends in
/// `-n` (*joven* → *jóvenes*, *dictamen* → *dictámenes*).
fn proparoxytone_plural(w: &str) -> Option<String> {
    let mut cs: Vec<char> = w.chars().collect();
    let nu = nuclei(&cs);
    let &(start, end) = nu.get(nu.len().checked_sub(2)?)?;
    // The accent falls on the strong vowel of the nucleus, or on the
    // second of two weak ones.
    let pos = (start..end)
        .find(|&i| matches!(cs[i], 'a' | 'e' | 'o'))
        .unwrap_or(end - 1);
    cs[pos] = accented(cs[pos])?;
    let mut s: String = cs.into_iter().collect();
    s.push_str("es");
    Some(s)
}

/// Endings of nouns and adjectives ending in a stressed vowel + `n`/`s`
/// (*reunión*, *inglés*): the accent goes in the plural and the feminine.
fn oxytone_endings(v: char, c: char) -> Option<&'static [&'static str]> {
    Some(match (v, c) {
        ('á', 'n') => &["án", "anes", "ana", "anas"],
        ('é', 'n') => &["én", "enes", "ena", "enas"],
        ('í', 'n') => &["ín", "ines", "ina", "inas"],
        ('ó', 'n') => &["ón", "ones", "ona", "onas"],
        ('ú', 'n') => &["ún", "unes", "una", "unas"],
        ('á', 's') => &["ás", "ases", "asa", "asas"],
        ('é', 's') => &["és", "eses", "esa", "esas"],
        ('í', 's') => &["ís", "ises", "isa", "isas"],
        ('ó', 's') => &["ós", "oses", "osa", "osas"],
        ('ú', 's') => &["ús", "uses", "usa", "usas"],
        _ => return None,
    })
}

const ONLY: &[&str] = &[""];
const PLUS_S: &[&str] = &["", "s"];
const PLUS_ES: &[&str] = &["", "es"];
const PLUS_S_ES: &[&str] = &["", "s", "es"];
const GENDER: &[&str] = &["o", "a", "os", "as"];
const Z_CES: &[&str] = &["z", "ces"];
const OR_FEM: &[&str] = &["", "es", "a", "as"];

/// Number and gender of a noun or adjective. A dictionary lists adjectives
/// in the masculine; a word list taken from running text (a catalog) has
/// them in whatever gender they appeared, so `any_gender` also gives the
/// masculine of a word in `-a` (`prioritaria` → `prioritarios`).
fn nominal(w: &str, any_gender: bool, sink: &mut dyn FnMut(&str, Para)) {
    let mut rev = w.chars().rev();
    let Some(last) = rev.next() else { return };
    let pen = rev.next();
    let before_last = &w[..w.len() - last.len_utf8()];
    match last {
        'a' if any_gender => sink(before_last, Para::Fixed(GENDER)),
        'a' | 'e' | 'i' | 'u' | 'á' | 'é' | 'ó' => sink(w, Para::Fixed(PLUS_S)),
        'o' => sink(before_last, Para::Fixed(GENDER)),
        'í' | 'ú' | 'y' => sink(w, Para::Fixed(PLUS_S_ES)),
        'z' => sink(before_last, Para::Fixed(Z_CES)),
        'n' | 's' | 'x' => {
            let hiatus = matches!(pen, Some('í' | 'ú')) && rev.next().is_some_and(is_vowel);
            match pen.and_then(|v| oxytone_endings(v, last)) {
                Some(endings) if !hiatus => {
                    let stem = &before_last[..before_last.len() - pen.map_or(0, char::len_utf8)];
                    sink(stem, Para::Fixed(endings));
                }
                _ if last == 'n' && !has_accent(w) => {
                    let cs: Vec<char> = w.chars().collect();
                    if nuclei(&cs).len() >= 2 {
                        sink(w, Para::Fixed(ONLY));
                        if let Some(plural) = proparoxytone_plural(w) {
                            sink(&plural, Para::Fixed(ONLY));
                        }
                    } else {
                        sink(w, Para::Fixed(PLUS_ES));
                    }
                }
                _ => sink(w, Para::Fixed(PLUS_ES)),
            }
        }
        'l' | 'r' => {
            if w.ends_with("or") || w.ends_with("ol") {
                sink(w, Para::Fixed(OR_FEM));
            } else {
                sink(w, Para::Fixed(PLUS_ES));
            }
        }
        'd' | 'j' => sink(w, Para::Fixed(PLUS_ES)),
        c if c.is_alphabetic() => sink(w, Para::Fixed(PLUS_S_ES)),
        _ => sink(w, Para::Fixed(ONLY)),
    }
}

/// Replaces the last `from` vowel of `stem` by each of `to`.
fn change_last(stem: &str, from: char, to: &[&str], sink: &mut dyn FnMut(&str)) {
    if let Some((i, _)) = stem.char_indices().rev().find(|&(_, c)| c == from) {
        for t in to {
            let s = format!("{}{}{}", &stem[..i], t, &stem[i + from.len_utf8()..]);
            sink(&s);
        }
    }
}

/// The stressed stem of a verb whose last stem vowel is a weak one after
/// another vowel (*reunir* → *reún-e*, *prohibir* → *prohíb-e*).
fn hiatus_stem(stem: &str) -> Option<String> {
    let mut cs: Vec<char> = stem.chars().collect();
    let i = cs.iter().rposition(|&c| is_vowel(c))?;
    if !matches!(cs[i], 'i' | 'u') {
        return None;
    }
    let after_vowel =
        (i >= 1 && is_vowel(cs[i - 1])) || (i >= 2 && cs[i - 1] == 'h' && is_vowel(cs[i - 2]));
    if !after_vowel {
        return None;
    }
    cs[i] = accented(cs[i])?;
    Some(cs.into_iter().collect())
}

/// The conjugation of a verb (infinitive without a clitic `se`).
fn verbal(v: &str, sink: &mut dyn FnMut(&str, Para)) {
    for &(base, prefixed, forms) in IRREGULAR {
        let prefix = if prefixed {
            derived(v, base)
        } else {
            (v == base).then_some("")
        };
        if let Some(p) = prefix {
            sink(p, Para::Words(forms));
        }
    }
    for &(base, stem) in PARTICIPLES {
        if let Some(p) = strip_tail(v, base) {
            sink(&format!("{p}{stem}"), Para::Fixed(GENDER));
        }
    }
    // Infinitives never carry a written accent but in `-ír`: `prócer`,
    // `néctar`, `líder` are nouns.
    if v.chars().count() < 4 || has_accent(v) {
        return;
    }
    let (conj, rest) = if let Some(r) = v.strip_suffix("ar") {
        (Conj::Ar, r)
    } else if let Some(r) = v.strip_suffix("er") {
        (Conj::Er, r)
    } else if let Some(r) = v.strip_suffix("ir") {
        (Conj::Ir, r)
    } else {
        return;
    };
    let before = |s: &str| s.chars().next_back();
    let (ortho, stem) = match conj {
        Conj::Ar => {
            if let Some(s) = rest.strip_suffix("gu") {
                (Ortho::Guar, s)
            } else if let Some(s) = rest.strip_suffix('c') {
                (Ortho::Car, s)
            } else if let Some(s) = rest.strip_suffix('g') {
                (Ortho::Gar, s)
            } else if let Some(s) = rest.strip_suffix('z') {
                (Ortho::Zar, s)
            } else if let Some(s) = rest.strip_suffix('i') {
                (Ortho::Iar, s)
            } else if let Some(s) = rest.strip_suffix('u') {
                (Ortho::Uar, s)
            } else {
                (Ortho::None, rest)
            }
        }
        Conj::Er | Conj::Ir => {
            if let Some(s) = rest.strip_suffix("duc").filter(|_| conj == Conj::Ir) {
                (Ortho::Ducir, s)
            } else if let Some(s) = rest.strip_suffix('c') {
                (
                    if before(s).is_some_and(is_vowel) {
                        Ortho::Zc
                    } else {
                        Ortho::Cz
                    },
                    s,
                )
            } else if let Some(s) = rest.strip_suffix("gu").filter(|_| conj == Conj::Ir) {
                (Ortho::Guir, s)
            } else if let Some(s) = rest.strip_suffix("qu").filter(|_| conj == Conj::Ir) {
                (Ortho::Quir, s)
            } else if let Some(s) = rest.strip_suffix('g') {
                (Ortho::Gj, s)
            } else if let Some(s) = rest.strip_suffix('u').filter(|_| conj == Conj::Ir) {
                (Ortho::Uir, s)
            } else if conj == Conj::Er && before(rest).is_some_and(is_vowel) {
                (Ortho::VowelEr, rest)
            } else {
                (Ortho::None, rest)
            }
        }
    };
    let para = Para::Verb(conj, ortho);
    sink(stem, para);
    if let Some(s) = hiatus_stem(stem) {
        sink(&s, para);
    }
    for &(base, change) in STEM_CHANGES {
        if derived(v, base).is_none() {
            continue;
        }
        let mut emit = |s: &str| sink(s, para);
        match change {
            Change::EIe => change_last(stem, 'e', &["ie"], &mut emit),
            Change::EIeI => change_last(stem, 'e', &["ie", "i"], &mut emit),
            Change::EI => change_last(stem, 'e', &["i"], &mut emit),
            Change::OUe => change_last(stem, 'o', &["ue"], &mut emit),
            Change::OUeU => change_last(stem, 'o', &["ue", "u"], &mut emit),
            Change::UUe => change_last(stem, 'u', &["ue"], &mut emit),
            Change::IIe => change_last(stem, 'i', &["ie"], &mut emit),
        }
    }
}

/// Nouns in `-ir` that have a plural (`porvenires`, `elixires`).
const IR_NOUNS: &[&str] = &[
    "porvenir", "devenir", "elixir", "nadir", "tapir", "faquir", "zafir", "emir", "visir",
    "sentir", "decir", "vivir", "existir",
];

/// Expands a lower-case headword into `(stem, paradigm)` pairs
/// (`any_gender`: see [`nominal`]).
pub(crate) fn expand(lemma: &str, any_gender: bool, sink: &mut dyn FnMut(&str, Para)) {
    if lemma.is_empty() {
        return;
    }
    // A headword in `-ir` is a verb but for a handful of nouns: its plural
    // (`muires` of `muir`) would only be a near neighbour of real words.
    if lemma.ends_with("ir") && lemma.chars().count() >= 4 && !IR_NOUNS.contains(&lemma) {
        sink(lemma, Para::Fixed(ONLY));
    } else {
        nominal(lemma, any_gender, sink);
    }
    // Pronominal headwords (`abstenerse`) conjugate as their base.
    let verb = match lemma.strip_suffix("se") {
        Some(v)
            if v.ends_with("ar") || v.ends_with("er") || v.ends_with("ir") || v.ends_with("ír") =>
        {
            v
        }
        _ => lemma,
    };
    verbal(verb, sink);
}

/// Removes the written accent of the last accented vowel (for clitic
/// analysis: *realizándolo* → *realizando*).
pub(crate) fn drop_last_accent(w: &str) -> Option<String> {
    let (i, c) = w
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, 'á' | 'é' | 'í' | 'ó' | 'ú'))?;
    let mut s = String::with_capacity(w.len());
    s.push_str(&w[..i]);
    s.push(unaccented(c));
    s.push_str(&w[i + c.len_utf8()..]);
    Some(s)
}

/// Enclitic pronouns, longest first (*organizar-los*, *dar-se-le*).
pub(crate) const CLITICS: &[&str] = &[
    "selas", "selos", "sela", "selo", "seles", "sele", "nos", "les", "los", "las", "me", "te",
    "se", "lo", "la", "le", "os",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(lemma: &str) -> Vec<String> {
        let mut out = Vec::new();
        expand(lemma, false, &mut |stem, para| {
            for e in para.endings() {
                out.push(format!("{stem}{e}"));
            }
        });
        out.sort();
        out.dedup();
        out
    }

    fn has(lemma: &str, want: &[&str]) {
        let f = forms(lemma);
        for w in want {
            assert!(f.iter().any(|x| x == w), "{lemma}: missing {w}");
        }
    }

    #[test]
    fn nouns_and_adjectives() {
        has("pilar", &["pilar", "pilares"]);
        has("reunión", &["reunión", "reuniones"]);
        has(
            "comunitario",
            &["comunitario", "comunitaria", "comunitarios", "comunitarias"],
        );
        has("joven", &["jóvenes"]);
        has("dictamen", &["dictámenes"]);
        has("origen", &["orígenes"]);
        has("país", &["países"]);
        has("inglés", &["ingleses", "inglesa"]);
        has("capaz", &["capaces"]);
        has(
            "trabajador",
            &["trabajadores", "trabajadora", "trabajadoras"],
        );
        has("comité", &["comités"]);
        has("ley", &["leyes"]);
        has("actividad", &["actividades"]);
        has("crisis", &["crisis"]);
        assert!(!forms("joven").contains(&"jovenes".to_string()));
    }

    #[test]
    fn regular_verbs() {
        has(
            "estructurar",
            &[
                "estructuren",
                "estructuró",
                "estructurando",
                "estructuradas",
            ],
        );
        has(
            "realizar",
            &["realice", "realicé", "realicen", "realizaron", "realizó"],
        );
        has("buscar", &["busqué", "busque", "buscamos"]);
        has("fortalecer", &["fortalezcan", "fortaleciendo", "fortalece"]);
        has(
            "contribuir",
            &["contribuyendo", "contribuyen", "contribuyó", "contribuido"],
        );
        has("leer", &["leyendo", "leído", "leyó", "leímos"]);
        has("dirigir", &["dirija", "dirijo", "dirigimos"]);
        has("distinguir", &["distinga", "distinguen"]);
        has("producir", &["produzca", "produjo", "produjeron"]);
        has("ampliar", &["amplía", "ampliaron", "amplían"]);
        has("cambiar", &["cambia", "cambió"]);
        has("actuar", &["actúa", "actúan"]);
        has("averiguar", &["averigüe"]);
        has("vencer", &["venza"]);
    }

    #[test]
    fn stem_changes_and_irregulars() {
        has(
            "requerir",
            &["requieren", "requiere", "requirió", "requiriendo"],
        );
        has("promover", &["promueven", "promuevan", "promoviendo"]);
        has("seguir", &["sigue", "siga", "siguió", "seguimos"]);
        has("haber", &["hubo", "hay", "han"]);
        has("ver", &["vio", "visto"]);
        has("obtener", &["obtiene", "obtuvo", "obtendrá", "obtenemos"]);
        has("proponer", &["propuesto", "propone", "propuso"]);
        has("resolver", &["resuelto", "resuelve"]);
        has("abstenerse", &["abstiene", "abstenerse"]);
        has("oír", &["oye", "oído"]);
        has("reunir", &["reúne", "reunieron"]);
        has("prohibir", &["prohíbe"]);
        has("descubrir", &["descubierto"]);
    }

    #[test]
    fn nuclei_of_words() {
        let n = |w: &str| nuclei(&w.chars().collect::<Vec<_>>()).len();
        assert_eq!(n("joven"), 2);
        assert_eq!(n("guerra"), 2);
        assert_eq!(n("aéreo"), 4);
        assert_eq!(n("cuidado"), 3);
        assert_eq!(n("país"), 2);
    }

    #[test]
    fn tails() {
        assert_eq!(strip_tail("obtener", "tener"), Some("ob"));
        assert_eq!(strip_tail("tener", "tener"), Some(""));
        assert_eq!(strip_tail("ener", "tener"), None);
        assert_eq!(strip_tail("oír", "ír"), Some("o"));
        assert_eq!(strip_tail("reír", "ir"), None);
        for (w, t) in [
            ("comer", "er"),
            ("ver", "ser"),
            ("pingüino", "ino"),
            ("", ""),
        ] {
            assert_eq!(strip_tail(w, t), w.strip_suffix(t), "{w} {t}");
        }
    }

    #[test]
    fn accents() {
        assert_eq!(
            drop_last_accent("realizándolo").as_deref(),
            Some("realizandolo")
        );
        assert_eq!(drop_last_accent("casa"), None);
    }
}
