//! Word banks: the phrase parts that generated documents are composed from.
//!
//! Nothing here is copied from the seed document; the parts are generic
//! Mexican municipal-administration Spanish, so that the product cannot
//! pass by having memorized the seed's sentences.

/// An activity: the plural object of the action and its unit of measure.
pub struct Activity {
    pub verbs: &'static [&'static str],
    pub object: &'static str,
    pub unit: &'static str,
}

pub const ACTIVITIES: &[Activity] = &[
    Activity {
        verbs: &["Impartir", "Organizar", "Gestionar"],
        object: "talleres de {tema}",
        unit: "Taller",
    },
    Activity {
        verbs: &["Realizar", "Organizar", "Coordinar"],
        object: "eventos {ambito}",
        unit: "Evento",
    },
    Activity {
        verbs: &["Realizar", "Llevar a cabo", "Celebrar"],
        object: "reuniones informativas con {actor}",
        unit: "Reunión",
    },
    Activity {
        verbs: &["Realizar", "Promover", "Organizar"],
        object: "jornadas comunitarias de {tema}",
        unit: "Jornada",
    },
    Activity {
        verbs: &["Realizar", "Coordinar", "Llevar a cabo"],
        object: "brigadas de {brigada}",
        unit: "Brigada",
    },
    Activity {
        verbs: &["Otorgar", "Entregar", "Gestionar"],
        object: "apoyos {apoyo}",
        unit: "Apoyo",
    },
    Activity {
        verbs: &["Elaborar", "Integrar", "Presentar"],
        object: "informes {periodo} de {informe}",
        unit: "Informe",
    },
    Activity {
        verbs: &["Impartir", "Brindar", "Gestionar"],
        object: "capacitaciones dirigidas a {actor}",
        unit: "Capacitación",
    },
    Activity {
        verbs: &["Brindar", "Otorgar", "Gestionar"],
        object: "asesorías en materia de {tema}",
        unit: "Asesoría",
    },
    Activity {
        verbs: &["Elaborar", "Realizar", "Aplicar"],
        object: "diagnósticos {diagnostico}",
        unit: "Diagnóstico",
    },
    Activity {
        verbs: &["Elaborar", "Desarrollar", "Diseñar"],
        object: "proyectos ejecutivos para {obra}",
        unit: "Proyecto",
    },
    Activity {
        verbs: &["Realizar", "Llevar a cabo"],
        object: "supervisiones técnicas de {obra}",
        unit: "Supervisión",
    },
    Activity {
        verbs: &["Elaborar", "Emitir"],
        object: "dictámenes técnicos de {obra}",
        unit: "Dictamen técnico",
    },
    Activity {
        verbs: &["Integrar", "Atender", "Dar seguimiento a"],
        object: "expedientes de {expediente}",
        unit: "Expediente",
    },
    Activity {
        verbs: &["Celebrar", "Convocar"],
        object: "sesiones del {comite}",
        unit: "Sesión",
    },
    Activity {
        verbs: &["Aplicar", "Levantar"],
        object: "cuestionarios de percepción {ambito}",
        unit: "Cuestionario",
    },
    Activity {
        verbs: &["Elaborar", "Publicar"],
        object: "reportes {periodo} de {informe}",
        unit: "Reporte",
    },
    Activity {
        verbs: &["Integrar", "Conformar", "Renovar"],
        object: "comités {comite_tipo}",
        unit: "Comité",
    },
    Activity {
        verbs: &["Realizar", "Concluir"],
        object: "rehabilitaciones de {lugar}",
        unit: "Rehabilitación",
    },
    Activity {
        verbs: &["Entregar", "Distribuir"],
        object: "equipamiento para {lugar}",
        unit: "Equipamiento",
    },
    Activity {
        verbs: &["Atender", "Canalizar"],
        object: "solicitudes de {expediente}",
        unit: "Solicitud",
    },
    Activity {
        verbs: &["Realizar", "Programar"],
        object: "visitas de inspección a {lugar}",
        unit: "Visita",
    },
    Activity {
        verbs: &["Difundir", "Realizar"],
        object: "campañas de difusión sobre {tema}",
        unit: "Campaña",
    },
    Activity {
        verbs: &["Atender", "Orientar"],
        object: "personas usuarias de {lugar}",
        unit: "Persona usuaria",
    },
    Activity {
        verbs: &["Atender", "Brindar atención a"],
        object: "beneficiarios de {expediente}",
        unit: "Beneficiario",
    },
    Activity {
        verbs: &["Implementar", "Aplicar"],
        object: "acciones preventivas en {lugar}",
        unit: "Acción preventiva",
    },
];

/// Administrative actions, one sentence each, with their unit.
pub const ADMIN: &[(&str, &str)] = &[
    (
        "Integrar y presentar ante el órgano de gobierno el informe trimestral de avance programático de la Entidad",
        "Informe",
    ),
    (
        "Elaborar los estados financieros y la cuenta pública conforme a la normatividad en materia de contabilidad gubernamental",
        "Documento",
    ),
    ("Realizar el levantamiento físico del inventario de bienes muebles para mantener actualizado el padrón", "Padrón actualizado"),
    ("Formular el anteproyecto de presupuesto de egresos conforme a los lineamientos de la Tesorería Municipal", "Proyecto"),
    ("Actualizar los manuales de organización y de procedimientos de la Entidad", "Documento"),
    ("Publicar la información de oficio en el portal de transparencia dentro de los plazos establecidos por la ley", "Acuse"),
    ("Atender en tiempo y forma las solicitudes de acceso a la información pública", "Solicitud"),
    ("Suministrar los materiales, servicios y equipo que requieren las áreas de la Entidad para cumplir sus metas", "Suministros"),
    ("Convocar y celebrar las sesiones ordinarias del consejo directivo de la Entidad", "Sesión"),
];

pub const PAYROLL: &str = "Dar seguimiento al gasto de servicios personales";

/// Umbrella rows: a broad goal that the detail rows below it break down.
pub const UMBRELLA: &[&str] = &[
    "Contribuir al bienestar de la población en situación de vulnerabilidad mediante acciones coordinadas de atención, prevención y participación comunitaria",
    "Garantizar la conservación y el mantenimiento de los espacios comunitarios a cargo del programa, con el propósito de ofrecer lugares dignos y seguros",
    "Impulsar el desarrollo integral de las familias mediante actividades educativas, culturales, deportivas y de integración social",
    "Fortalecer la participación ciudadana en la mejora de su entorno mediante la organización vecinal y la coordinación con instancias de gobierno",
];

pub const TEMAS: &[&str] = &[
    "prevención de adicciones",
    "educación financiera",
    "cuidado del medio ambiente",
    "igualdad de género",
    "primeros auxilios",
    "nutrición y vida saludable",
    "convivencia escolar",
    "derechos de las niñas y los niños",
    "oficios y autoempleo",
    "cultura de la legalidad",
    "protección civil",
    "lectura y escritura",
];

pub const AMBITOS: &[&str] = &[
    "culturales y recreativos en parques y plazas",
    "deportivos en colonias prioritarias",
    "de integración familiar en los centros comunitarios",
    "en coordinación con instituciones educativas",
    "de vinculación con el sector privado",
];

pub const ACTORES: &[&str] = &[
    "los comités de vecinos",
    "las organizaciones de la sociedad civil",
    "las personas servidoras públicas",
    "madres y padres de familia",
    "jóvenes de las colonias prioritarias",
    "las personas adultas mayores",
    "los líderes comunitarios",
];

pub const BRIGADAS: &[&str] = &[
    "limpieza y descacharrización",
    "pintura y reforestación",
    "salud y vacunación",
    "mantenimiento de áreas verdes",
    "atención ciudadana",
];

pub const APOYOS: &[&str] = &[
    "económicos a personas en situación de vulnerabilidad",
    "en especie a familias afectadas por contingencias",
    "productivos a mujeres emprendedoras",
    "de material de construcción para el mejoramiento de vivienda",
    "escolares a estudiantes de nivel básico",
];

pub const PERIODOS: &[&str] = &["trimestrales", "mensuales", "semestrales"];

pub const INFORMES: &[&str] = &[
    "avance de metas",
    "gestión financiera",
    "seguimiento de indicadores",
    "actividades realizadas",
    "atención a solicitudes ciudadanas",
];

pub const DIAGNOSTICOS: &[&str] = &[
    "participativos en las colonias de atención prioritaria",
    "de necesidades en los centros comunitarios",
    "sobre las condiciones de la infraestructura existente",
    "de riesgo en zonas con mayor incidencia delictiva",
];

pub const OBRAS: &[&str] = &[
    "la rehabilitación de espacios públicos",
    "la construcción de senderos seguros",
    "el mejoramiento de la infraestructura comunitaria",
    "la ampliación de unidades deportivas",
    "el alumbrado de vialidades",
];

pub const EXPEDIENTES: &[&str] = &[
    "personas beneficiarias de programas sociales",
    "regularización de organizaciones civiles",
    "apoyo funerario",
    "becas escolares",
    "atención psicológica",
];

pub const COMITES: &[&str] = &[
    "comité de transparencia",
    "consejo consultivo ciudadano",
    "comité de planeación municipal",
    "comité técnico de evaluación",
];

pub const COMITE_TIPOS: &[&str] = &[
    "vecinales",
    "de contraloría social",
    "de participación comunitaria",
    "escolares de seguridad",
];

pub const LUGARES: &[&str] = &[
    "los centros comunitarios",
    "las unidades deportivas",
    "los parques y jardines municipales",
    "las bibliotecas públicas",
    "los albergues temporales",
    "las escuelas de nivel básico",
];

pub const COMPLEMENTOS: &[&str] = &[
    ", en coordinación con instancias de los tres órdenes de gobierno",
    " en colonias y poblados prioritarios",
    ", en apego a la normatividad aplicable",
    " con la participación de la comunidad",
    "",
    "",
];

pub const FINES: &[&str] = &[
    "fortalecer la participación ciudadana",
    "mejorar la calidad de vida de las familias",
    "promover entornos seguros y saludables",
    "fomentar la convivencia comunitaria",
    "dar cumplimiento a la normatividad aplicable",
    "impulsar el desarrollo integral de la población",
    "reducir los factores de riesgo en la comunidad",
    "atender las necesidades prioritarias de la población",
    "conservar y mejorar los espacios públicos",
    "garantizar el uso eficiente de los recursos",
];

pub const PROPOSITOS: &[&str] = &[
    ", con el propósito de ",
    ", con el fin de ",
    " para ",
    " a fin de ",
];

pub const OBS_OVER: &[&str] = &[
    "Se superó la meta debido a {razon}.",
    "Se supera la acción debido a {razon}.",
    "La meta se rebasó gracias a {razon}.",
    "Se sobre cumplió la acción debido a {razon}.",
];

pub const RAZONES_OVER: &[&str] = &[
    "la alta demanda por parte de la comunidad",
    "un incremento en las solicitudes de la ciudadanía",
    "la participación activa de los comités vecinales",
    "la coordinación con instituciones educativas y organismos civiles",
    "la realización de actividades adicionales en colonias prioritarias",
    "que se atendieron solicitudes que estaban pendientes del periodo anterior",
];

pub const OBS_UNDER: &[&str] = &[
    "No se cumple la meta debido a {razon}.",
    "La meta no se alcanzó debido a {razon}.",
    "No se cumplió la acción por {razon}.",
];

pub const RAZONES_UNDER: &[&str] = &[
    "la aprobación tardía de los proyectos",
    "la falta de suficiencia presupuestal",
    "condiciones climáticas adversas",
    "la reprogramación de actividades de las instancias participantes",
    "el retraso en la entrega de materiales por parte del proveedor",
];

pub const OBS_EQUAL: &[&str] = &[
    "La acción se cumple conforme a lo programado.",
    "Meta cumplida en el periodo.",
];

/// Units of measure that are not in the default catalog (no letter noise:
/// nothing could correct it).
pub const UNITS_EXTRA: &[&str] = &["Solicitud", "Visita", "Campaña"];

pub const FIRST_NAMES: &[&str] = &[
    "JUAN",
    "MARÍA",
    "JOSÉ",
    "GUADALUPE",
    "FRANCISCO",
    "ANA",
    "LUIS",
    "CARLOS",
    "PATRICIA",
    "FERNANDO",
    "LAURA",
    "JORGE",
    "ALEJANDRA",
    "MIGUEL",
    "ROSA",
    "RICARDO",
    "VERÓNICA",
    "ARTURO",
    "CLAUDIA",
    "EDUARDO",
    "GABRIELA",
    "SERGIO",
    "ADRIANA",
    "RAÚL",
    "MÓNICA",
    "HÉCTOR",
    "LETICIA",
    "JAVIER",
    "SANDRA",
    "MARTÍN",
    "ELENA",
    "ÓSCAR",
    "LORENA",
    "ROBERTO",
    "DIANA",
    "ALBERTO",
    "KARLA",
    "ERNESTO",
    "YOLANDA",
    "ANTONIO",
    "SOFÍA",
    "RAMÓN",
    "BEATRIZ",
];

pub const SURNAMES: &[&str] = &[
    "GARCÍA",
    "HERNÁNDEZ",
    "MARTÍNEZ",
    "LÓPEZ",
    "GONZÁLEZ",
    "PÉREZ",
    "RODRÍGUEZ",
    "SÁNCHEZ",
    "RAMÍREZ",
    "CRUZ",
    "FLORES",
    "GÓMEZ",
    "MORALES",
    "VÁZQUEZ",
    "REYES",
    "JIMÉNEZ",
    "TORRES",
    "DÍAZ",
    "GUTIÉRREZ",
    "RUIZ",
    "MENDOZA",
    "AGUILAR",
    "ORTIZ",
    "MORENO",
    "CASTILLO",
    "ROMERO",
    "ÁLVAREZ",
    "MÉNDEZ",
    "CHÁVEZ",
    "RIVERA",
    "JUÁREZ",
    "RAMOS",
    "DOMÍNGUEZ",
    "HERRERA",
    "MEDINA",
    "CASTRO",
    "VARGAS",
    "GUZMÁN",
    "VELÁZQUEZ",
    "ROJAS",
    "CONTRERAS",
    "SALAZAR",
    "LUNA",
    "OROZCO",
    "NAVARRO",
    "CERVANTES",
    "VALENZUELA",
    "ESPINOZA",
    "ACOSTA",
    "SOTO",
];

/// Scribbles printed next to signatures.
pub const SCRIBBLES: &[&str] = &["Shuel", "Shivel", "[Signature]", "Firma", "rúbrica", "~"];

/// Short debris printed under a role line.
pub const ROLE_DEBRIS: &[&str] = &["T.O.", "P.O.", "P20", "Rúbrica"];

/// Nouns for invented entity names: (noun, feminine).
pub const NOUNS: &[(&str, bool)] = &[
    ("MOVILIDAD", true),
    ("INFRAESTRUCTURA", true),
    ("SEGURIDAD", true),
    ("PARTICIPACIÓN", true),
    ("GESTIÓN", true),
    ("CULTURA", true),
    ("EDUCACIÓN", true),
    ("SALUD", true),
    ("VIVIENDA", true),
    ("ECONOMÍA", true),
    ("PLANEACIÓN", true),
    ("PROTECCIÓN", true),
    ("ATENCIÓN", true),
    ("PREVENCIÓN", true),
    ("INCLUSIÓN", true),
    ("JUVENTUD", true),
    ("RECREACIÓN", true),
    ("ADMINISTRACIÓN", true),
    ("CONSERVACIÓN", true),
    ("INNOVACIÓN", true),
    ("VINCULACIÓN", true),
    ("RECAUDACIÓN", true),
    ("MODERNIZACIÓN", true),
    ("TRANSPARENCIA", true),
    ("LIMPIEZA", true),
    ("DESARROLLO", false),
    ("DEPORTE", false),
    ("EMPLEO", false),
    ("TURISMO", false),
    ("TRANSPORTE", false),
    ("ALUMBRADO", false),
    ("PATRIMONIO", false),
    ("BIENESTAR", false),
    ("COMERCIO", false),
    ("ORDENAMIENTO", false),
    ("MANTENIMIENTO", false),
    ("FOMENTO", false),
    ("ABASTO", false),
    ("CATASTRO", false),
];

/// Adjectives: (masculine, feminine).
pub const ADJECTIVES: &[(&str, &str)] = &[
    ("URBANO", "URBANA"),
    ("SOSTENIBLE", "SOSTENIBLE"),
    ("INTEGRAL", "INTEGRAL"),
    ("MUNICIPAL", "MUNICIPAL"),
    ("COMUNITARIO", "COMUNITARIA"),
    ("SOCIAL", "SOCIAL"),
    ("PREVENTIVO", "PREVENTIVA"),
    ("DIGITAL", "DIGITAL"),
    ("RURAL", "RURAL"),
    ("CIUDADANO", "CIUDADANA"),
    ("AMBIENTAL", "AMBIENTAL"),
    ("ECONÓMICO", "ECONÓMICA"),
    ("PÚBLICO", "PÚBLICA"),
    ("LOCAL", "LOCAL"),
    ("CULTURAL", "CULTURAL"),
    ("EDUCATIVO", "EDUCATIVA"),
    ("TERRITORIAL", "TERRITORIAL"),
    ("FAMILIAR", "FAMILIAR"),
    ("INCLUYENTE", "INCLUYENTE"),
    ("ORDENADO", "ORDENADA"),
    ("SEGURO", "SEGURA"),
];

/// Complements that close an invented name.
pub const COMPLEMENTS: &[&str] = &[
    "DE LAS FAMILIAS",
    "DE LA COMUNIDAD",
    "DE LOS JÓVENES",
    "DE LAS MUJERES",
    "DEL MUNICIPIO",
    "EN LAS COLONIAS",
    "PARA LA CIUDADANÍA",
    "EN ZONAS PRIORITARIAS",
];

/// Heads of invented programa and línea names.
pub const HEADS: &[&str] = &[
    "FORTALECIMIENTO DE",
    "PROGRAMA DE",
    "MEJORAMIENTO DE",
    "IMPULSO A",
    "PROMOCIÓN DE",
    "CONSOLIDACIÓN DE",
    "ATENCIÓN Y SEGUIMIENTO DE",
];

/// Heads of invented unidad ejecutora names.
pub const UNIT_HEADS: &[&str] = &[
    "DEPARTAMENTO DE",
    "COORDINACIÓN DE",
    "DIRECCIÓN DE",
    "SUBDIRECCIÓN DE",
    "JEFATURA DE",
    "OFICINA DE",
];

/// Roman numerals for the administration (`XXV AYUNTAMIENTO`).
pub fn roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for &(v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}
