//! `simulate roster`: a deterministic, realistic student roster.
//!
//! Same seed text → byte-identical CSV. The generator is ChaCha20 keyed with
//! SHA-256(`congress/simulate/roster/v1` ‖ 0x00 ‖ seed), read as raw `next_u64` values;
//! bounded draws are rejection-sampled (as in [`crate::lot`]), never rand's
//! `random_range`/`shuffle`, whose output may change between releases.
//!
//! Realism: department sizes are skewed (weights falling like 1/(rank + 2), with jitter),
//! every department has 4 grades (every fifth has 5: medicine, architecture), about 5% of
//! students are union cadres (骨干), and students join 0–2 clubs from a list whose
//! popularity is skewed too.

use crate::error::{Error, Result};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use sha2::{Digest, Sha256};

/// Domain-separation prefix of the roster generator's seed.
pub const ROSTER_DOMAIN: &[u8] = b"congress/simulate/roster/v1";

/// What to generate.
#[derive(Debug, Clone)]
pub struct RosterSpec {
    /// Number of students (rows).
    pub students: u64,
    /// Number of departments (each gets at least one student).
    pub departments: u64,
    /// The seed text.
    pub seed: String,
}

/// A ChaCha20 generator keyed by SHA-256 of a domain prefix, a zero byte and the seed text.
pub fn seeded_rng(domain: &[u8], seed: &str) -> ChaCha20Rng {
    let mut h = Sha256::new();
    h.update(domain);
    h.update([0u8]);
    h.update(seed.as_bytes());
    ChaCha20Rng::from_seed(h.finalize().into())
}

/// A uniform draw from [0, bound) by rejection sampling on raw 64-bit values (bound > 0).
pub fn below(rng: &mut ChaCha20Rng, bound: u64) -> u64 {
    debug_assert!(bound > 0);
    let excess = (u64::MAX - bound + 1) % bound;
    loop {
        let value = rng.next_u64();
        if excess == 0 || value <= u64::MAX - excess {
            return value % bound;
        }
    }
}

/// The index drawn from cumulative weights (`cumulative` strictly increasing, last = total).
pub fn weighted(rng: &mut ChaCha20Rng, cumulative: &[u64]) -> usize {
    let total = cumulative.last().copied().unwrap_or(0).max(1);
    let x = below(rng, total);
    cumulative.partition_point(|&c| c <= x)
}

const DEPARTMENT_NAMES: &[&str] = &[
    "计算机科学与技术学院",
    "文学院",
    "经济学院",
    "机械工程学院",
    "医学院",
    "外国语学院",
    "数学与统计学院",
    "法学院",
    "化学化工学院",
    "物理学院",
    "管理学院",
    "电气工程学院",
    "土木工程学院",
    "新闻与传播学院",
    "历史文化学院",
    "生命科学学院",
    "材料科学与工程学院",
    "教育学院",
    "马克思主义学院",
    "公共管理学院",
    "环境学院",
    "建筑学院",
    "音乐学院",
    "美术学院",
    "体育学院",
    "农学院",
    "药学院",
    "哲学学院",
    "软件学院",
    "地理科学学院",
    "心理学院",
    "护理学院",
    "信息工程学院",
    "旅游学院",
    "艺术设计学院",
    "国际教育学院",
    "资源环境学院",
    "能源与动力工程学院",
    "社会学院",
    "政治与公共管理学院",
];

const CLUBS: &[&str] = &[
    "青年志愿者协会",
    "学生记者团",
    "话剧社",
    "书法协会",
    "篮球协会",
    "足球协会",
    "摄影协会",
    "辩论队",
    "吉他社",
    "科技创新协会",
    "动漫社",
    "武术协会",
    "英语俱乐部",
    "读书会",
    "舞蹈团",
    "合唱团",
    "天文协会",
    "棋艺社",
    "环保协会",
    "心理健康协会",
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明",
    "超", "霞", "平", "刚", "浩", "宇", "欣", "悦", "晨", "博", "雪", "颖", "思", "佳",
];

/// The department's name: a realistic list, then numbered names past its end.
fn department_name(d: usize) -> String {
    match DEPARTMENT_NAMES.get(d) {
        Some(name) => (*name).to_string(),
        None => format!("第{}学院", d + 1),
    }
}

/// The newest grade (entry year) in generated rosters.
const NEWEST_GRADE: u64 = 2025;

/// Generates the roster as CSV text with header
/// `student_id,name,department,grade,class,cadre,clubs`, grouped by department and sorted by `student_id` within each.
pub fn generate(spec: &RosterSpec) -> Result<String> {
    if spec.students == 0 || spec.departments == 0 {
        return Err(Error::usage(
            "--students and --departments must be at least 1",
        ));
    }
    if spec.departments > spec.students {
        return Err(Error::usage(format!(
            "--departments {} exceeds --students {}: every department needs a student",
            spec.departments, spec.students
        )));
    }
    if spec.departments > 999 || spec.students > 50_000_000 {
        return Err(Error::usage(
            "at most 999 departments and 50,000,000 students",
        ));
    }
    let mut rng = seeded_rng(ROSTER_DOMAIN, &spec.seed);
    let d_count = spec.departments as usize;

    // Skewed department weights: 1/(rank + 2) scaled, jittered by up to ±25%.
    let mut cumulative = Vec::with_capacity(d_count);
    let mut total = 0u64;
    for d in 0..d_count {
        let base = 1_000_000 / (d as u64 + 2);
        let jitter = below(&mut rng, base / 2 + 1);
        total += base * 3 / 4 + jitter;
        cumulative.push(total);
    }
    // Grades per department: 5 for every fifth department, else 4.
    let grade_count = |d: usize| if d % 5 == 4 { 5u64 } else { 4u64 };
    // Club popularity falls off like 1/(rank + 1).
    let mut club_cumulative = Vec::with_capacity(CLUBS.len());
    let mut club_total = 0u64;
    for c in 0..CLUBS.len() {
        club_total += 10_000 / (c as u64 + 1);
        club_cumulative.push(club_total);
    }

    struct Row {
        id: String,
        name: String,
        department: usize,
        grade: u64,
        class: u64,
        cadre: bool,
        clubs: Vec<usize>,
    }
    let mut serials = vec![[0u64; 5]; d_count];
    let mut rows = Vec::with_capacity(spec.students as usize);
    for i in 0..spec.students {
        // The first student of each department guarantees it is not empty.
        let department = if i < spec.departments {
            i as usize
        } else {
            weighted(&mut rng, &cumulative)
        };
        // Newer cohorts are a little larger (enrolment grows): weights 10, 11, 12, 13, 14.
        let grades = grade_count(department);
        let grade_weights: Vec<u64> = (0..grades)
            .scan(0, |acc, g| {
                *acc += 10 + g;
                Some(*acc)
            })
            .collect();
        let g = weighted(&mut rng, &grade_weights) as u64;
        let year = NEWEST_GRADE - (grades - 1) + g;
        let slot = (g as usize).min(4);
        serials[department][slot] += 1;
        let serial = serials[department][slot];
        let class = (serial - 1) / 30 + 1;
        let cadre = below(&mut rng, 1000) < 50;
        let club_count = match below(&mut rng, 10) {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        let mut clubs = Vec::new();
        for _ in 0..club_count {
            let c = weighted(&mut rng, &club_cumulative);
            if !clubs.contains(&c) {
                clubs.push(c);
            }
        }
        clubs.sort_unstable();
        let surname = SURNAMES[below(&mut rng, SURNAMES.len() as u64) as usize];
        let mut name = surname.to_string();
        for _ in 0..=below(&mut rng, 2) {
            name.push_str(GIVEN[below(&mut rng, GIVEN.len() as u64) as usize]);
        }
        rows.push(Row {
            id: format!("{year}{:03}{serial:05}", department + 1),
            name,
            department,
            grade: year,
            class,
            cadre,
            clubs,
        });
    }
    // Grouped by department, as registrars export per college; by student number within.
    rows.sort_by(|a, b| (a.department, &a.id).cmp(&(b.department, &b.id)));

    let mut out = String::with_capacity(rows.len() * 64);
    out.push_str("student_id,name,department,grade,class,cadre,clubs\n");
    for r in &rows {
        let dept = department_name(r.department);
        out.push_str(&r.id);
        out.push(',');
        out.push_str(&r.name);
        out.push(',');
        out.push_str(&dept);
        out.push(',');
        out.push_str(&r.grade.to_string());
        out.push(',');
        out.push_str(&format!("{}{}班", r.grade % 100, r.class));
        out.push(',');
        out.push_str(if r.cadre { "yes" } else { "no" });
        out.push(',');
        let clubs: Vec<&str> = r.clubs.iter().map(|&c| CLUBS[c]).collect();
        out.push_str(&clubs.join(";"));
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use crate::roster::Roster;

    fn spec(students: u64, departments: u64, seed: &str) -> RosterSpec {
        RosterSpec {
            students,
            departments,
            seed: seed.into(),
        }
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let a = generate(&spec(500, 8, "demo")).unwrap();
        assert_eq!(a, generate(&spec(500, 8, "demo")).unwrap());
        assert_ne!(a, generate(&spec(500, 8, "demo2")).unwrap());
    }

    #[test]
    fn output_is_a_valid_realistic_roster() {
        let text = generate(&spec(20_000, 30, "x")).unwrap();
        let roster = Roster::parse(&Source::from_text("sim.csv", text)).unwrap();
        assert_eq!(roster.students.len(), 20_000);
        assert_eq!(roster.departments.len(), 30);
        let sizes = roster.department_sizes();
        // Skewed: the largest department is several times the smallest.
        let (max, min) = (*sizes.iter().max().unwrap(), *sizes.iter().min().unwrap());
        assert!(max > 4 * min, "sizes {sizes:?}");
        // 4–5 grades per department.
        for row in roster.department_grade_sizes() {
            let grades = row.iter().filter(|&&n| n > 0).count();
            assert!((4..=5).contains(&grades), "{row:?}");
        }
        let cadres = roster.students.iter().filter(|s| s.cadre).count();
        assert!((700..1300).contains(&cadres), "{cadres} cadres");
        assert!(roster.clubs.len() >= 15);
    }

    #[test]
    fn bounded_draw_is_in_range_and_rejects() {
        let mut rng = seeded_rng(b"t", "s");
        for bound in [1u64, 2, 3, 7, 1000, u64::MAX / 2 + 2] {
            for _ in 0..100 {
                assert!(below(&mut rng, bound) < bound);
            }
        }
        assert_eq!(weighted(&mut rng, &[0, 5]), 1);
    }

    #[test]
    fn bad_sizes_are_usage_errors() {
        assert_eq!(generate(&spec(0, 1, "s")).unwrap_err().exit_code(), 2);
        assert_eq!(generate(&spec(3, 4, "s")).unwrap_err().exit_code(), 2);
    }
}
