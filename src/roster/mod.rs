//! The student roster (花名册) a registrar exports: one row per student.
//!
//! Columns `student_id`, `department`, `grade`, `cadre` in any order (English names or the
//! Chinese a registrar writes: 学号, 院系, 年级, 是否学生会骨干 …), optional `name`, `class`
//! and `clubs` (`;`-separated). The roster is the population of clause 8: the students the
//! union serves, their departments (院系), grades (年级), and whether each is a school- or
//! department-level union core member (学生会骨干).

use crate::error::{Collector, Error, Result};
use crate::fast::FastMap;
use crate::input::{ReadOptions, Source, Table};

/// The keys `--columns` takes for a roster (`student_id=学号,…`): the first accepted name of
/// each column.
pub const COLUMN_KEYS: &[&str] = &[
    "student_id",
    "department",
    "grade",
    "cadre",
    "name",
    "class",
    "clubs",
];

/// Accepted header names of the `student_id` column.
pub const STUDENT_ID_HEADERS: &[&str] = &[
    "student_id",
    "student id",
    "student_no",
    "学号",
    "学生学号",
    "学籍号",
    "学生编号",
    "id",
];
/// Accepted header names of the `department` column.
pub const DEPARTMENT_HEADERS: &[&str] = &[
    "department",
    "dept",
    "school",
    "college",
    "院系",
    "学院",
    "系别",
    "院(系)",
    "院（系）",
    "所在院系",
    "院系名称",
    "学院名称",
    "系",
];
/// Accepted header names of the `grade` column.
pub const GRADE_HEADERS: &[&str] = &["grade", "year", "cohort", "年级", "入学年级", "年级名称"];
/// Accepted header names of the `cadre` column.
pub const CADRE_HEADERS: &[&str] = &[
    "cadre",
    "is_cadre",
    "union_cadre",
    "是否学生会骨干",
    "学生会骨干",
    "是否骨干",
    "骨干",
];
/// Headers a registrar's export may carry that look like the cadre column but count another
/// group: 学生干部 (any student officer: class monitors, league branch officers, club heads)
/// is not 学生会骨干 (the union's core members), whom the clause on cadres counts.
pub const NOT_CADRE_HEADERS: &[&str] = &[
    "学生干部",
    "是否学生干部",
    "是否为学生干部",
    "干部",
    "是否干部",
    "班干部",
    "是否班干部",
    "student_leader",
];

/// The cadre column of `table`; when there is none, an error on line 1 that names any column
/// counting a different group ([`NOT_CADRE_HEADERS`]).
pub fn require_cadre(table: &Table<'_>) -> Result<usize> {
    let not_cadre = |near: &str| {
        Error::input(format!(
            "column '{near}' is not the cadre column: it marks student officers (学生干部), \
             while the clause counts the student union's core members (学生会骨干); add a \
             column '是否学生会骨干' (是/否) from the union's list"
        ))
        .file(table.name)
        .line(table.header_line())
        .field(near)
    };
    // `--columns cadre=学生干部` names a column that counts another group.
    if let Some(mapped) = table.mapped(CADRE_HEADERS[0]) {
        let folded = crate::input::normalize_header(mapped);
        if NOT_CADRE_HEADERS
            .iter()
            .any(|h| crate::input::normalize_header(h) == folded)
        {
            return Err(not_cadre(mapped));
        }
    }
    table.require(CADRE_HEADERS).map_err(|e| {
        match NOT_CADRE_HEADERS
            .iter()
            .find_map(|h| table.find_header(h).map(|i| table.headers[i].as_str()))
        {
            Some(near) if table.mapped(CADRE_HEADERS[0]).is_none() => not_cadre(near),
            _ => e,
        }
    })
}

/// Accepted header names of the optional `name` column.
pub const NAME_HEADERS: &[&str] = &["name", "姓名", "学生姓名"];
/// Accepted header names of the optional `class` column.
pub const CLASS_HEADERS: &[&str] = &["class", "班级", "行政班", "班级名称"];
/// Accepted header names of the optional `clubs` column.
pub const CLUBS_HEADERS: &[&str] = &["clubs", "club", "社团", "所在社团", "参加社团", "学生社团"];

/// One student of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Student {
    /// The student number (学号), unique in the roster.
    pub student_id: String,
    /// Index into [`Roster::departments`].
    pub department: usize,
    /// Index into [`Roster::grades`].
    pub grade: usize,
    /// Whether the student is a school- or department-level union core member (学生会骨干).
    pub cadre: bool,
    /// The student's name, if the roster has one.
    pub name: String,
    /// The student's class (班级), if the roster has one.
    pub class: String,
    /// Indexes into [`Roster::clubs`] of the clubs the student belongs to.
    pub clubs: Vec<usize>,
    /// The 1-based line of the student's row in the roster file.
    pub line: u64,
}

/// A validated roster: students with interned departments, grades and clubs.
#[derive(Debug, Clone)]
pub struct Roster {
    /// The file name used in messages.
    pub source: String,
    /// Department names in first-appearance order.
    pub departments: Vec<String>,
    /// Grade names in roster order (see [`order_grades`]).
    pub grades: Vec<String>,
    /// Club names in first-appearance order.
    pub clubs: Vec<String>,
    /// The students in file order.
    pub students: Vec<Student>,
    by_id: FastMap<String, usize>,
}

/// Parses a cadre cell: yes/no, true/false, 1/0, 是/否 (also y/n), trimmed, any case.
pub fn parse_cadre(cell: &str) -> Option<bool> {
    let t = cell.trim();
    let is = |word: &str| t.eq_ignore_ascii_case(word);
    if is("yes") || is("y") || is("true") || t == "1" || t == "是" {
        Some(true)
    } else if is("no") || is("n") || is("false") || t == "0" || t == "否" {
        Some(false)
    } else {
        None
    }
}

/// Interns `name` into `names`, returning its index.
fn intern(name: &str, names: &mut Vec<String>, index: &mut FastMap<String, usize>) -> usize {
    if let Some(&i) = index.get(name) {
        return i;
    }
    let i = names.len();
    names.push(name.to_string());
    index.insert(name.to_string(), i);
    i
}

/// The leading number of a grade label ("2023级" → 2023, "Grade 2" → 2), if any.
fn grade_number(label: &str) -> Option<u64> {
    let digits: String = label
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .take(18)
        .collect();
    digits.parse().ok()
}

/// The order grades are listed in: by their number when every label has one
/// ("2022", "2023级"), otherwise in order of first appearance ("大一", "大二", …).
/// Returns the permutation: position k holds the index of the k-th grade.
pub fn order_grades(grades: &[String]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..grades.len()).collect();
    let numbers: Vec<Option<u64>> = grades.iter().map(|g| grade_number(g)).collect();
    if numbers.iter().all(Option::is_some) {
        order.sort_by(|&a, &b| {
            numbers[a]
                .cmp(&numbers[b])
                .then_with(|| grades[a].as_bytes().cmp(grades[b].as_bytes()))
        });
    }
    order
}

impl Roster {
    /// Reads and validates the roster at `path` (`-` for standard input), read as `options`
    /// say (an encoding alone will do).
    pub fn read(path: &str, options: impl Into<ReadOptions>) -> Result<Roster> {
        let source = Source::open(path, options)?;
        Roster::parse(&source).map_err(|e| source.locate(e))
    }

    /// Parses and validates a roster already decoded to text. Errors in its rows are
    /// collected: every bad cell is reported, up to [`crate::error::COLLECTED_PER_FILE`].
    pub fn parse(source: &Source) -> Result<Roster> {
        let mut table = Table::new(source)?;
        let id_col = table.require(STUDENT_ID_HEADERS)?;
        let dept_col = table.require(DEPARTMENT_HEADERS)?;
        let grade_col = table.require(GRADE_HEADERS)?;
        let cadre_col = require_cadre(&table)?;
        let name_col = table.find(NAME_HEADERS);
        let class_col = table.find(CLASS_HEADERS);
        let clubs_col = table.find(CLUBS_HEADERS);
        let headers = table.headers.clone();
        let name = source.name.clone();

        let mut departments = Vec::new();
        let mut dept_index = FastMap::default();
        let mut grades = Vec::new();
        let mut grade_index = FastMap::default();
        let mut clubs = Vec::new();
        let mut club_index = FastMap::default();
        // About 60 bytes per row in a typical export.
        let estimate = source.text.len() / 60 + 1;
        let mut students: Vec<Student> = Vec::with_capacity(estimate);
        let mut by_id: FastMap<String, usize> =
            FastMap::with_capacity_and_hasher(estimate, Default::default());

        let mut errors = Collector::new();
        let mut record = csv::StringRecord::new();
        loop {
            let more = table
                .reader()
                .read_record(&mut record)
                .map_err(|e| crate::input::csv_error(&name, e))?;
            if !more {
                break;
            }
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            if record.len() == 1 && record[0].trim().is_empty() {
                continue; // a blank line
            }
            let cell = |col: usize| record.get(col).unwrap_or("").trim();
            let err = |col: usize, msg: String| {
                Error::input(msg)
                    .file(name.clone())
                    .line(line)
                    .field(headers.get(col).cloned().unwrap_or_default())
            };
            let student_id = cell(id_col);
            let mut bad = false;
            let mut report = |col: usize, msg: String| {
                errors.push(err(col, msg));
                bad = true;
            };
            if student_id.is_empty() {
                report(id_col, "empty, expected a student number".into());
            } else if let Some(message) = crate::input::rounded_id(student_id) {
                report(id_col, message);
            }
            let department = cell(dept_col);
            if department.is_empty() {
                report(dept_col, "empty, expected the student's department".into());
            }
            let grade = cell(grade_col);
            if grade.is_empty() {
                report(grade_col, "empty, expected the student's grade".into());
            }
            let cadre_text = cell(cadre_col);
            let cadre = parse_cadre(cadre_text);
            if cadre.is_none() {
                report(
                    cadre_col,
                    format!(
                        "'{cadre_text}' is not a cadre value, expected yes/no, true/false, 1/0 or 是/否"
                    ),
                );
            }
            if let Some(&first) = by_id.get(student_id) {
                let first_line = students.get(first).map(|s| s.line).unwrap_or(0);
                report(
                    id_col,
                    format!("duplicate student_id '{student_id}' (first on line {first_line})"),
                );
            }
            let (Some(cadre), false) = (cadre, bad) else {
                continue;
            };
            let department = intern(department, &mut departments, &mut dept_index);
            let grade = intern(grade, &mut grades, &mut grade_index);
            let mut student_clubs = Vec::new();
            if let Some(col) = clubs_col {
                for club in cell(col).split([';', '；']) {
                    let club = club.trim();
                    if !club.is_empty() {
                        let c = intern(club, &mut clubs, &mut club_index);
                        if !student_clubs.contains(&c) {
                            student_clubs.push(c);
                        }
                    }
                }
            }
            by_id.insert(student_id.to_string(), students.len());
            students.push(Student {
                student_id: student_id.to_string(),
                department,
                grade,
                cadre,
                name: name_col.map(|c| cell(c).to_string()).unwrap_or_default(),
                class: class_col.map(|c| cell(c).to_string()).unwrap_or_default(),
                clubs: student_clubs,
                line,
            });
        }
        errors.finish(())?;
        if students.is_empty() {
            return Err(Error::input("no students, expected one row per student").file(name));
        }
        // Put grades in their natural order and renumber the students' grade indexes.
        let order = order_grades(&grades);
        let mut rank = vec![0usize; grades.len()];
        for (k, &g) in order.iter().enumerate() {
            rank[g] = k;
        }
        let grades: Vec<String> = order.iter().map(|&g| grades[g].clone()).collect();
        for s in &mut students {
            s.grade = rank[s.grade];
        }
        Ok(Roster {
            source: name,
            departments,
            grades,
            clubs,
            students,
            by_id,
        })
    }

    /// The student with this student number, if any.
    pub fn student(&self, student_id: &str) -> Option<&Student> {
        self.by_id
            .get(student_id.trim())
            .and_then(|&i| self.students.get(i))
    }

    /// Students per department, indexed like [`Roster::departments`].
    pub fn department_sizes(&self) -> Vec<u64> {
        let mut sizes = vec![0u64; self.departments.len()];
        for s in &self.students {
            sizes[s.department] += 1;
        }
        sizes
    }

    /// Students per (department, grade): `counts[department][grade]`.
    pub fn department_grade_sizes(&self) -> Vec<Vec<u64>> {
        let mut counts = vec![vec![0u64; self.grades.len()]; self.departments.len()];
        for s in &self.students {
            counts[s.department][s.grade] += 1;
        }
        counts
    }

    /// Non-cadre students per department.
    pub fn department_non_cadre(&self) -> Vec<u64> {
        let mut counts = vec![0u64; self.departments.len()];
        for s in self.students.iter().filter(|s| !s.cadre) {
            counts[s.department] += 1;
        }
        counts
    }

    /// The index of a department by name.
    pub fn department_index(&self, name: &str) -> Option<usize> {
        self.departments.iter().position(|d| d == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Roster> {
        Roster::parse(&Source::from_text("r.csv", text))
    }

    #[test]
    fn reads_english_and_chinese_headers_in_any_order() {
        let r =
            parse("grade,cadre,department,student_id\n2023,no,Law,1\n2022,yes,Arts,2\n").unwrap();
        assert_eq!(r.departments, vec!["Law", "Arts"]);
        assert_eq!(r.grades, vec!["2022", "2023"]);
        assert!(r.student("2").unwrap().cadre);
        let r = parse("学号,姓名,学院,年级,是否学生会骨干,社团\nA1,王芳,文学院,大二,是,话剧社;书法社\nA2,李强,文学院,大一,否,\n")
            .unwrap();
        assert_eq!(r.departments, vec!["文学院"]);
        // No numbers in the labels: first-appearance order.
        assert_eq!(r.grades, vec!["大二", "大一"]);
        assert_eq!(r.clubs, vec!["话剧社", "书法社"]);
        assert_eq!(r.student("A1").unwrap().name, "王芳");
        // A specific header wins over the generic `id` (a row number here).
        let r = parse("id,学号,院系,年级,骨干\n1,S7,A,2024,否\n").unwrap();
        assert_eq!(r.students[0].student_id, "S7");
    }

    #[test]
    fn a_student_officer_column_is_not_the_cadre_column() {
        let e = parse("学号,学院,年级,学生干部\nA1,文学院,2023,是\n").unwrap_err();
        assert_eq!(e.exit_code(), 3);
        assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("学生干部")));
        assert!(e.message.contains("学生会骨干"), "{e}");
        // With the cadre column present, a 学生干部 column is one more ignored column.
        let r = parse("学号,学院,年级,学生干部,是否学生会骨干\nA1,文学院,2023,是,否\n").unwrap();
        assert!(!r.students[0].cadre);
        // Without either, the plain missing-column error.
        let e = parse("学号,学院,年级\nA1,文学院,2023\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("cadre"));
    }

    #[test]
    fn cadre_values() {
        for (t, v) in [
            ("Yes", true),
            (" TRUE ", true),
            ("1", true),
            ("是", true),
            ("no", false),
            ("False", false),
            ("0", false),
            ("否", false),
        ] {
            assert_eq!(parse_cadre(t), Some(v), "{t}");
        }
        assert_eq!(parse_cadre("maybe"), None);
        assert_eq!(parse_cadre(""), None);
    }

    #[test]
    fn duplicate_ids_name_both_lines() {
        let e =
            parse("student_id,department,grade,cadre\n7,A,1,no\n8,A,1,no\n7,B,2,no\n").unwrap_err();
        assert_eq!(e.line, Some(4));
        assert_eq!(e.field.as_deref(), Some("student_id"));
        assert!(e
            .message
            .contains("duplicate student_id '7' (first on line 2)"));
    }

    #[test]
    fn empty_and_unknown_values_name_line_and_field() {
        let e = parse("student_id,department,grade,cadre\n1,,1,no\n").unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("department")));
        let e = parse("student_id,department,grade,cadre\n1,A, ,no\n").unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("grade")));
        let e =
            parse("student_id,department,grade,cadre\n1,A,1,no\n2,A,1,sometimes\n").unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("cadre")));
        assert!(e.message.contains("'sometimes'"));
        let e = parse("student_id,department,grade\n1,A,1\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("cadre"));
        assert!(parse("student_id,department,grade,cadre\n").is_err());
    }

    #[test]
    fn counts_per_department_and_grade() {
        let r =
            parse("student_id,department,grade,cadre\n1,A,2024,no\n2,A,2023,yes\n3,B,2023,no\n")
                .unwrap();
        assert_eq!(r.department_sizes(), vec![2, 1]);
        assert_eq!(r.department_grade_sizes(), vec![vec![1, 1], vec![1, 0]]);
        assert_eq!(r.department_non_cadre(), vec![1, 1]);
    }
}
