//! `simulate institutions`: a deterministic, province-shaped INSTITUTIONS.csv for
//! `congress plan federation` (clause 二.4).
//!
//! Same seed text → byte-identical CSV. The generator is ChaCha20 keyed with
//! SHA-256(`congress/simulate/institutions/v1` ‖ 0x00 ‖ seed), read as raw `next_u64` values
//! with rejection sampling for bounded draws (as `simulate roster`); integers only.
//!
//! Shape (the defaults): 120 county-level regions (15% urban districts 区, 10% county-level
//! cities 市, the rest counties 县, with made-up names); 150 higher-education institutions in
//! the urban districts (most in the first, the capital), of four kinds: 本科院校 (30%, 12,000
//! –36,000 students), 民办本科 (12%, 6,000–20,000), 高职高专 (50%, 4,000–16,000) and 成人高校
//! (8%, 1,000–6,000); 2,000 secondary schools, every county at least one 中学 and one 中职,
//! the rest spread over the counties with skewed weights (中学 300–2,400 students, 中职
//! 200–1,600). Sizes are skewed towards the small end (lo + range × u₁ × u₂), about 3 million
//! students in all. Female students 40–62% by kind; ethnic groups 汉族, 回族 (about 1%, up to
//! 8% in one county of fifteen), 满族, 蒙古族 and 其他 (each under 0.2%); school- and
//! department-level union cadres 0.5–1% of each institution's students.

use super::roster::{below, seeded_rng};
use crate::error::{Error, Result};
use rand_chacha::ChaCha20Rng;
use std::collections::HashSet;

/// Domain-separation prefix of the institutions generator's seed.
pub const INSTITUTIONS_DOMAIN: &[u8] = b"congress/simulate/institutions/v1";

/// What to generate.
#[derive(Debug, Clone)]
pub struct InstitutionsSpec {
    /// County-level regions.
    pub counties: u64,
    /// Higher-education institutions.
    pub higher_education: u64,
    /// Secondary schools (at least two per county when there are enough, else one).
    pub secondary: u64,
    /// The seed text.
    pub seed: String,
}

impl InstitutionsSpec {
    /// The province-shaped defaults (120 counties, 150 higher-education institutions, 2,000
    /// secondary schools) with this seed.
    pub fn province(seed: &str) -> InstitutionsSpec {
        InstitutionsSpec {
            counties: 120,
            higher_education: 150,
            secondary: 2_000,
            seed: seed.to_string(),
        }
    }
}

/// The header of the generated file.
pub const HEADER: &str =
    "学校,类别,县级区域,学生数,非骨干学生数,性别:女,性别:男,民族:汉族,民族:回族,民族:满族,民族:蒙古族,民族:其他";

const FIRST: &[&str] = &[
    "安", "平", "新", "宁", "长", "永", "清", "临", "西", "东", "南", "北", "汝", "洛", "淮", "汤",
    "林", "滑", "济", "嵩", "鲁", "宜", "内", "方", "泌", "唐", "桐", "息", "潢", "固", "商", "柘",
    "睢", "虞", "夏", "项", "沈", "扶", "鄢", "舞", "襄", "叶", "郏", "宝", "卢", "灵", "义", "孟",
    "温", "博", "修", "武", "获", "辉", "延", "封", "原", "范", "台", "浚", "淇", "通",
];
const SECOND: &[&str] = &[
    "阳", "城", "川", "丘", "陵", "水", "山", "州", "源", "乡", "泽", "河", "沟", "湖", "丰", "华",
    "乐", "昌", "康", "津", "兴", "德", "义", "邑",
];
const FIELDS: &[&str] = &[
    "理工",
    "师范",
    "农业",
    "医科",
    "财经",
    "工业",
    "科技",
    "中医药",
    "交通",
    "水利",
    "电力",
    "建筑",
    "外国语",
    "艺术",
    "体育",
    "警察",
    "工程",
    "信息",
    "商贸",
    "旅游",
    "轻工",
    "化工",
    "机电",
    "铁道",
    "航空",
    "文化",
    "幼儿师范",
    "护理",
    "牧业",
    "林业",
];

/// One kind of higher-education institution: name, share of the institutions (per cent),
/// students (low, high), name ending, female share per mille (low, high).
struct HigherKind {
    kind: &'static str,
    percent: u64,
    students: (u64, u64),
    ending: &'static [&'static str],
    female: (u64, u64),
}

const HIGHER_KINDS: [HigherKind; 4] = [
    HigherKind {
        kind: "本科院校",
        percent: 30,
        students: (12_000, 36_000),
        ending: &["大学", "学院"],
        female: (480, 600),
    },
    HigherKind {
        kind: "民办本科",
        percent: 12,
        students: (6_000, 20_000),
        ending: &["学院"],
        female: (500, 620),
    },
    HigherKind {
        kind: "高职高专",
        percent: 50,
        students: (4_000, 16_000),
        ending: &["职业技术学院", "职业学院"],
        female: (400, 560),
    },
    HigherKind {
        kind: "成人高校",
        percent: 8,
        students: (1_000, 6_000),
        ending: &["职工大学", "开放大学"],
        female: (450, 600),
    },
];

/// A draw in [lo, hi] skewed towards lo: lo + (hi − lo) × u₁ × u₂.
fn skewed(rng: &mut ChaCha20Rng, (lo, hi): (u64, u64)) -> u64 {
    let a = below(rng, 1_001);
    let b = below(rng, 1_001);
    lo + (hi - lo) * a * b / 1_000_000
}

/// `n × rate / 100,000`, rounded up or down at random in proportion to the remainder.
fn share_of(rng: &mut ChaCha20Rng, n: u64, rate: u64) -> u64 {
    let exact = n * rate;
    exact / 100_000 + u64::from(below(rng, 100_000) < exact % 100_000)
}

/// 1 → 一, 12 → 十二, 30 → 三十 (up to 99; larger numbers in digits).
fn chinese_number(n: u64) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!("十{}", DIGITS[(n % 10) as usize]),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            DIGITS[(n % 10) as usize]
        ),
        _ => n.to_string(),
    }
}

/// One generated county-level region.
struct County {
    name: String,
    /// 回族 students per 100,000.
    hui_rate: u64,
}

/// The counties: made-up two-character names (shuffled pairs, so all distinct), the first
/// 15% urban districts (区), the next 10% county-level cities (市), the rest counties (县).
fn counties(rng: &mut ChaCha20Rng, count: usize) -> Vec<County> {
    let mut pairs: Vec<(usize, usize)> = (0..FIRST.len())
        .flat_map(|a| (0..SECOND.len()).map(move |b| (a, b)))
        .filter(|&(a, b)| FIRST[a] != SECOND[b])
        .collect();
    for i in (1..pairs.len()).rev() {
        let j = below(rng, i as u64 + 1) as usize;
        pairs.swap(i, j);
    }
    let districts = (count * 15 / 100).max(1);
    let cities = count * 10 / 100;
    pairs
        .iter()
        .take(count)
        .enumerate()
        .map(|(k, &(a, b))| {
            let suffix = if k < districts {
                "区"
            } else if k < districts + cities {
                "市"
            } else {
                "县"
            };
            let hui_rate = if below(rng, 15) == 0 {
                3_000 + below(rng, 5_001)
            } else {
                500 + below(rng, 1_001)
            };
            County {
                name: format!("{}{}{suffix}", FIRST[a], SECOND[b]),
                hui_rate,
            }
        })
        .collect()
}

/// One generated institution's row.
struct Row {
    name: String,
    kind: &'static str,
    region: String,
    students: u64,
    female_per_mille: u64,
    hui_rate: u64,
    minority_rates: [u64; 3],
}

impl Row {
    fn write(&self, rng: &mut ChaCha20Rng, out: &mut String) {
        let n = self.students;
        let cadre_rate = 500 + below(rng, 501);
        let cadres = share_of(rng, n, cadre_rate).min(n);
        let female = n * self.female_per_mille / 1_000;
        let hui = share_of(rng, n, self.hui_rate);
        let mut minorities = [0u64; 3];
        for (m, &rate) in minorities.iter_mut().zip(&self.minority_rates) {
            *m = share_of(rng, n, rate);
        }
        let han = n - hui - minorities.iter().sum::<u64>();
        out.push_str(&format!(
            "{},{},{},{n},{},{female},{},{han},{hui},{},{},{}\n",
            self.name,
            self.kind,
            self.region,
            n - cadres,
            n - female,
            minorities[0],
            minorities[1],
            minorities[2]
        ));
    }
}

/// The higher-education institutions, in the urban districts (weights 1/(rank + 1), so most
/// in the capital), with names unique in the file.
fn higher_education(rng: &mut ChaCha20Rng, count: u64, counties: &[County]) -> Vec<Row> {
    let districts = (counties.len() * 15 / 100).max(1).min(counties.len());
    let mut cumulative = Vec::with_capacity(districts);
    let mut total = 0;
    for d in 0..districts as u64 {
        total += 1_000 / (d + 1);
        cumulative.push(total);
    }
    let mut counts: Vec<u64> = HIGHER_KINDS
        .iter()
        .map(|k| count * k.percent / 100)
        .collect();
    counts[2] += count - counts.iter().sum::<u64>();
    let mut names = HashSet::new();
    let mut rows = Vec::with_capacity(count as usize);
    for (kind, &n) in HIGHER_KINDS.iter().zip(&counts) {
        for _ in 0..n {
            let d = super::roster::weighted(rng, &cumulative);
            let county = &counties[d];
            let city: String = county.name.chars().take(2).collect();
            let name = unique_name(rng, &mut names, &city, kind.ending);
            rows.push(Row {
                name,
                kind: kind.kind,
                region: county.name.clone(),
                students: skewed(rng, kind.students),
                female_per_mille: kind.female.0 + below(rng, kind.female.1 - kind.female.0 + 1),
                hui_rate: 600 + below(rng, 901),
                minority_rates: [
                    40 + below(rng, 121),
                    30 + below(rng, 91),
                    50 + below(rng, 201),
                ],
            });
        }
    }
    rows
}

/// `{city}{field}{ending}`, drawn until new; numbered past many collisions.
fn unique_name(
    rng: &mut ChaCha20Rng,
    names: &mut HashSet<String>,
    city: &str,
    endings: &[&str],
) -> String {
    for attempt in 0.. {
        let field = FIELDS[below(rng, FIELDS.len() as u64) as usize];
        let ending = endings[below(rng, endings.len() as u64) as usize];
        let name = if attempt < 20 {
            format!("{city}{field}{ending}")
        } else {
            format!("{city}第{}{field}{ending}", chinese_number(attempt - 18))
        };
        if names.insert(name.clone()) {
            return name;
        }
    }
    unreachable!("the attempts are unbounded")
}

/// The secondary schools: a 中学 and a 中职 in every county first (one school when there are
/// fewer than two per county), the rest by skewed county weights, 65% of them 中学.
fn secondary(rng: &mut ChaCha20Rng, count: u64, counties: &[County]) -> Vec<Row> {
    let c = counties.len() as u64;
    let mut kinds: Vec<Vec<&'static str>> = vec![Vec::new(); counties.len()];
    for (k, county_kinds) in kinds.iter_mut().enumerate() {
        county_kinds.push("中学");
        if count >= 2 * c || (k as u64) < count.saturating_sub(c) {
            county_kinds.push("中职");
        }
    }
    let placed: u64 = kinds.iter().map(|k| k.len() as u64).sum();
    let mut cumulative = Vec::with_capacity(counties.len());
    let mut total = 0;
    for k in 0..c {
        // Urban districts and cities are larger.
        let base = if k < c * 25 / 100 { 300 } else { 100 };
        total += base + below(rng, 200);
        cumulative.push(total);
    }
    for _ in placed..count {
        let k = super::roster::weighted(rng, &cumulative);
        kinds[k].push(if below(rng, 100) < 65 {
            "中学"
        } else {
            "中职"
        });
    }
    let mut rows = Vec::with_capacity(count as usize);
    for (county, county_kinds) in counties.iter().zip(&kinds) {
        let (mut high, mut vocational) = (0u64, 0u64);
        for &kind in county_kinds {
            let (name, students, female) = if kind == "中学" {
                high += 1;
                let name = format!("{}第{}高级中学", county.name, chinese_number(high));
                (name, skewed(rng, (300, 2_400)), (470, 520))
            } else {
                vocational += 1;
                let name = if vocational == 1 {
                    format!("{}职业教育中心", county.name)
                } else {
                    format!(
                        "{}第{}中等职业学校",
                        county.name,
                        chinese_number(vocational)
                    )
                };
                (name, skewed(rng, (200, 1_600)), (380, 520))
            };
            rows.push(Row {
                name,
                kind,
                region: county.name.clone(),
                students,
                female_per_mille: female.0 + below(rng, female.1 - female.0 + 1),
                hui_rate: county.hui_rate,
                minority_rates: [below(rng, 61), below(rng, 51), below(rng, 41)],
            });
        }
    }
    rows
}

fn validate(spec: &InstitutionsSpec) -> Result<()> {
    if spec.counties > 1_000 || spec.higher_education > 10_000 || spec.secondary > 100_000 {
        return Err(Error::usage(
            "at most 1,000 counties, 10,000 higher-education institutions and 100,000 secondary \
             schools",
        ));
    }
    if spec.secondary < spec.counties {
        return Err(Error::usage(format!(
            "--secondary {} is below --counties {}: every county needs a secondary school",
            spec.secondary, spec.counties
        )));
    }
    if spec.counties == 0 {
        return Err(Error::usage(
            "--counties 0, expected at least one county-level region",
        ));
    }
    if spec.secondary + spec.higher_education == 0 {
        return Err(Error::usage("no institutions to generate"));
    }
    Ok(())
}

/// Generates INSTITUTIONS.csv (header [`HEADER`]): the higher-education institutions by
/// kind, then the secondary schools county by county.
pub fn generate(spec: &InstitutionsSpec) -> Result<String> {
    validate(spec)?;
    let mut rng = seeded_rng(INSTITUTIONS_DOMAIN, &spec.seed);
    let counties = counties(&mut rng, spec.counties as usize);
    let mut rows = higher_education(&mut rng, spec.higher_education, &counties);
    rows.extend(secondary(&mut rng, spec.secondary, &counties));
    let mut out = String::with_capacity(rows.len() * 120);
    out.push_str(HEADER);
    out.push('\n');
    for row in &rows {
        row.write(&mut rng, &mut out);
    }
    Ok(out)
}

/// Generates the REGIONS.csv of the same seed: header `县级区域`, one county-level region per
/// row.
pub fn generate_regions(spec: &InstitutionsSpec) -> Result<String> {
    validate(spec)?;
    let mut rng = seeded_rng(INSTITUTIONS_DOMAIN, &spec.seed);
    let mut out = String::from("县级区域\n");
    for county in counties(&mut rng, spec.counties as usize) {
        out.push_str(&county.name);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(30), "三十");
        assert_eq!(chinese_number(47), "四十七");
        assert_eq!(chinese_number(100), "100");
    }

    #[test]
    fn same_seed_same_bytes() {
        let spec = InstitutionsSpec {
            counties: 10,
            higher_education: 12,
            secondary: 40,
            seed: "t".into(),
        };
        let a = generate(&spec).unwrap();
        assert_eq!(a, generate(&spec).unwrap());
        assert_eq!(a.lines().count(), 53);
        let other = InstitutionsSpec {
            seed: "u".into(),
            ..spec.clone()
        };
        assert_ne!(a, generate(&other).unwrap());
        assert_eq!(generate_regions(&spec).unwrap().lines().count(), 11);
    }

    #[test]
    fn bad_sizes_are_usage_errors() {
        let spec = |counties, higher_education, secondary| InstitutionsSpec {
            counties,
            higher_education,
            secondary,
            seed: "s".into(),
        };
        for bad in [
            spec(10, 5, 9),
            spec(0, 0, 0),
            spec(0, 1, 3),
            spec(2_000, 1, 3_000),
        ] {
            assert_eq!(generate(&bad).unwrap_err().exit_code(), 2);
        }
        assert!(generate(&spec(1, 3, 1)).is_ok());
    }
}
