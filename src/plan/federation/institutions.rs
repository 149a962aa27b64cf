//! The federation's input files: INSTITUTIONS.csv (one row per institution) and the optional
//! REGIONS.csv (the full list of county-level regions, 县级区域).
//!
//! Columns `institution, kind, region, students` in any order (or 学校, 类别, 县级区域, 学生数),
//! optional `non_cadre_students` (非骨干学生数) and student counts per gender (`female`,
//! `male`, or `性别:女` …) and per ethnic group (`民族:汉族` …). A kind in the secondary-kind
//! list (中学, 中职, `secondary`, `secondary-vocational` by default) is the secondary sector;
//! every other kind is higher education (clause 二.4: "覆盖所辖范围内各类高校，并确保每个县级区域
//! 有中学中职代表").

use crate::error::{Error, Result};
use crate::fast::FastMap;
use crate::input::{normalize_header, parse_count, Source, Table};
use crate::limits::MAX_FEDERATION_STUDENTS;
use serde::{Deserialize, Serialize};

/// Accepted header names of the institution column.
pub const INSTITUTION_HEADERS: &[&str] = &[
    "institution",
    "school",
    "name",
    "学校",
    "学校名称",
    "院校",
    "院校名称",
    "单位",
    "单位名称",
];
/// Accepted header names of the kind column.
pub const KIND_HEADERS: &[&str] = &[
    "kind",
    "type",
    "category",
    "类别",
    "类型",
    "学校类别",
    "院校类别",
    "办学类型",
];
/// Accepted header names of the county-level region column.
pub const REGION_HEADERS: &[&str] = &[
    "region",
    "county",
    "县级区域",
    "区县",
    "县区",
    "所在县区",
    "县(市、区)",
    "县（市、区）",
];
/// Accepted header names of the students column.
pub const STUDENTS_HEADERS: &[&str] = &[
    "students",
    "student_count",
    "学生数",
    "在校生数",
    "在校学生数",
    "学生人数",
];
/// Accepted header names of the optional non-cadre students column.
pub const NON_CADRE_HEADERS: &[&str] = &[
    "non_cadre_students",
    "non-cadre students",
    "非骨干学生数",
    "非学生会骨干学生数",
    "非学生会干部学生数",
];
/// Header prefixes of the per-gender student counts (`性别:女`); `female` and `male` alone
/// are gender columns too.
pub const GENDER_PREFIXES: &[&str] = &["gender:", "性别:", "性别："];
/// Headers that are gender columns by themselves.
pub const GENDER_HEADERS: &[&str] = &["female", "male"];
/// Header prefixes of the per-ethnic-group student counts (`民族:汉族`).
pub const ETHNIC_PREFIXES: &[&str] = &["ethnic:", "民族:", "民族："];

/// The kinds of the secondary sector when `--secondary-kinds` is not given.
pub const SECONDARY_KINDS: &[&str] = &["中学", "中职", "secondary", "secondary-vocational"];

/// The two sectors of a federation congress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sector {
    /// Higher-education institutions (高校).
    HigherEducation,
    /// Secondary and secondary-vocational schools (中学、中职).
    Secondary,
}

impl Sector {
    /// Both sectors, in output order.
    pub const ALL: [Sector; 2] = [Sector::HigherEducation, Sector::Secondary];

    /// The name used in output.
    pub fn name(self) -> &'static str {
        match self {
            Sector::HigherEducation => "higher-education",
            Sector::Secondary => "secondary",
        }
    }
}

/// One row of INSTITUTIONS.csv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Institution {
    /// The institution's name, unique in the file.
    pub name: String,
    /// Its kind as written (本科院校, 中学, …).
    pub kind: String,
    /// Its sector, from the kind.
    pub sector: Sector,
    /// Its county-level region (required for secondary schools, may be empty otherwise).
    pub region: String,
    /// Its students (at least one).
    pub students: u64,
    /// Its non-cadre students, when the file has the column.
    pub non_cadre_students: Option<u64>,
    /// The 1-based line of its row.
    pub line: u64,
}

/// Students per group of one breakdown (gender or ethnic group), summed over the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Breakdown {
    /// The group names, as the headers name them (`女`, `female`, `汉族`), in column order.
    pub groups: Vec<String>,
    /// Students of each group over all institutions.
    pub students: Vec<u64>,
}

/// A validated federation: its institutions, its county-level regions and the breakdowns.
#[derive(Debug, Clone)]
pub struct Federation {
    /// The institutions file's name, for messages.
    pub source: String,
    /// The institutions in file order.
    pub institutions: Vec<Institution>,
    /// The county-level regions: those of REGIONS.csv in its order when given, else the
    /// regions of the secondary schools in order of first appearance.
    pub regions: Vec<String>,
    /// Whether `regions` is the full list of a regions file.
    pub regions_listed: bool,
    /// Students per gender.
    pub gender: Breakdown,
    /// Students per ethnic group.
    pub ethnic: Breakdown,
}

/// The breakdown columns of the header: (group, column) per gender and per ethnic group.
struct BreakdownColumns {
    gender: Vec<(String, usize)>,
    ethnic: Vec<(String, usize)>,
}

/// The group a header names after one of `prefixes` (`性别:女` → `女`), if it has one.
fn group_after_prefix(header: &str, prefixes: &[&str]) -> Option<String> {
    let lower = normalize_header(header);
    prefixes.iter().find_map(|p| {
        lower
            .starts_with(p)
            .then(|| header.trim()[p.len()..].trim().to_string())
            .filter(|g| !g.is_empty())
    })
}

fn breakdown_columns(headers: &[String]) -> BreakdownColumns {
    let mut gender = Vec::new();
    let mut ethnic = Vec::new();
    for (col, header) in headers.iter().enumerate() {
        let normalized = normalize_header(header);
        if GENDER_HEADERS.contains(&normalized.as_str()) {
            gender.push((header.trim().to_string(), col));
        } else if let Some(group) = group_after_prefix(header, GENDER_PREFIXES) {
            gender.push((group, col));
        } else if let Some(group) = group_after_prefix(header, ETHNIC_PREFIXES) {
            ethnic.push((group, col));
        }
    }
    BreakdownColumns { gender, ethnic }
}

/// An input error when two breakdown columns name the same group (`female` and
/// `gender:female`).
fn unique_groups(groups: &[(String, usize)], headers: &[String], file: &str) -> Result<()> {
    for (k, (group, col)) in groups.iter().enumerate() {
        if let Some((_, first)) = groups[..k].iter().find(|(g, _)| g == group) {
            return Err(Error::input(format!(
                "group '{group}' has two columns ('{}' and '{}'), expected one column per group",
                headers[*first], headers[*col]
            ))
            .file(file)
            .line(1)
            .field(headers[*col].clone()));
        }
    }
    Ok(())
}

/// Whether `kind` is one of the secondary kinds (trimmed, any case).
pub fn is_secondary_kind(kind: &str, secondary_kinds: &[String]) -> bool {
    let kind = normalize_header(kind);
    secondary_kinds.iter().any(|k| normalize_header(k) == kind)
}

/// The columns INSTITUTIONS.csv was found to have.
struct Columns {
    institution: usize,
    kind: usize,
    region: usize,
    students: usize,
    non_cadre: Option<usize>,
    breakdown: BreakdownColumns,
}

impl Federation {
    /// Reads INSTITUTIONS.csv and, when given, REGIONS.csv, with the secondary kinds.
    pub fn parse(
        institutions: &Source,
        regions: Option<&Source>,
        secondary_kinds: &[String],
    ) -> Result<Federation> {
        let listed = regions.map(read_regions).transpose()?;
        let mut table = Table::new(institutions)?;
        let columns = Columns {
            institution: table.require(INSTITUTION_HEADERS)?,
            kind: table.require(KIND_HEADERS)?,
            region: table.require(REGION_HEADERS)?,
            students: table.require(STUDENTS_HEADERS)?,
            non_cadre: table.find(NON_CADRE_HEADERS),
            breakdown: breakdown_columns(&table.headers),
        };
        let headers = table.headers.clone();
        let name = institutions.name.clone();
        for groups in [&columns.breakdown.gender, &columns.breakdown.ethnic] {
            unique_groups(groups, &headers, &name)?;
        }
        let mut federation = Federation {
            source: name.clone(),
            institutions: Vec::new(),
            regions: Vec::new(),
            regions_listed: listed.is_some(),
            gender: Breakdown {
                groups: columns
                    .breakdown
                    .gender
                    .iter()
                    .map(|g| g.0.clone())
                    .collect(),
                students: vec![0; columns.breakdown.gender.len()],
            },
            ethnic: Breakdown {
                groups: columns
                    .breakdown
                    .ethnic
                    .iter()
                    .map(|g| g.0.clone())
                    .collect(),
                students: vec![0; columns.breakdown.ethnic.len()],
            },
        };
        let mut seen: FastMap<String, u64> = FastMap::default();
        let mut total = 0u64;
        for row in table.records() {
            let (line, record) = row?;
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let row = Row {
                file: &name,
                headers: &headers,
                line,
                record: &record,
            };
            let institution = row.institution(&columns, secondary_kinds)?;
            total = total
                .checked_add(institution.students)
                .filter(|&t| t <= MAX_FEDERATION_STUDENTS)
                .ok_or_else(|| {
                    row.error(
                        columns.students,
                        format!(
                            "the students add up to more than {MAX_FEDERATION_STUDENTS}, expected a \
                             federation's student numbers"
                        ),
                    )
                })?;
            if let Some(first) = seen.insert(institution.name.clone(), line) {
                return Err(row.error(
                    columns.institution,
                    format!(
                        "duplicate institution '{}' (first on line {first}), expected each \
                         institution once (qualify a repeated school name with its county)",
                        institution.name
                    ),
                ));
            }
            row.add_breakdown(
                &columns.breakdown.gender,
                institution.students,
                "gender",
                &mut federation.gender,
            )?;
            row.add_breakdown(
                &columns.breakdown.ethnic,
                institution.students,
                "ethnic-group",
                &mut federation.ethnic,
            )?;
            federation.institutions.push(institution);
        }
        if federation.institutions.is_empty() {
            return Err(
                Error::input("no institutions, expected one row per institution").file(name),
            );
        }
        federation.regions = federation.county_regions(listed, &headers[columns.region])?;
        Ok(federation)
    }

    /// The county-level regions: the listed ones (every secondary school's region must be
    /// among them), or the secondary schools' regions in order of first appearance.
    fn county_regions(
        &self,
        listed: Option<Vec<(String, u64)>>,
        region_header: &str,
    ) -> Result<Vec<String>> {
        let secondary = self
            .institutions
            .iter()
            .filter(|i| i.sector == Sector::Secondary);
        match listed {
            Some(list) => {
                let known: FastMap<&str, ()> = list.iter().map(|(r, _)| (r.as_str(), ())).collect();
                if let Some(school) = secondary
                    .clone()
                    .find(|i| !known.contains_key(i.region.as_str()))
                {
                    return Err(Error::input(format!(
                        "region '{}' of secondary school '{}' is not in the regions file, \
                         expected one of the county-level regions it lists",
                        school.region, school.name
                    ))
                    .file(self.source.clone())
                    .line(school.line)
                    .field(region_header));
                }
                Ok(list.into_iter().map(|(r, _)| r).collect())
            }
            None => {
                let mut regions: Vec<String> = Vec::new();
                let mut seen: FastMap<&str, ()> = FastMap::default();
                for school in secondary {
                    if seen.insert(school.region.as_str(), ()).is_none() {
                        regions.push(school.region.clone());
                    }
                }
                Ok(regions)
            }
        }
    }

    /// Total students of the federation.
    pub fn students(&self) -> u64 {
        self.institutions.iter().map(|i| i.students).sum()
    }
}

/// One data row of INSTITUTIONS.csv being read.
struct Row<'a> {
    file: &'a str,
    headers: &'a [String],
    line: u64,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    fn cell(&self, col: usize) -> &str {
        self.record.get(col).unwrap_or("").trim()
    }

    fn error(&self, col: usize, message: String) -> Error {
        Error::input(message)
            .file(self.file)
            .line(self.line)
            .field(self.headers.get(col).cloned().unwrap_or_default())
    }

    fn count(&self, col: usize) -> Result<u64> {
        parse_count(self.cell(col), self.file, self.line, &self.headers[col])
    }

    /// The institution of this row, validated.
    fn institution(&self, columns: &Columns, secondary_kinds: &[String]) -> Result<Institution> {
        let name = self.cell(columns.institution);
        if name.is_empty() {
            return Err(self.error(
                columns.institution,
                "empty, expected the institution's name".into(),
            ));
        }
        let kind = self.cell(columns.kind);
        if kind.is_empty() {
            return Err(self.error(
                columns.kind,
                "empty, expected the institution's kind (本科院校, 中学, …)".into(),
            ));
        }
        let sector = if is_secondary_kind(kind, secondary_kinds) {
            Sector::Secondary
        } else {
            Sector::HigherEducation
        };
        let region = self.cell(columns.region);
        if region.is_empty() && sector == Sector::Secondary {
            return Err(self.error(
                columns.region,
                "empty, expected the county-level region of a secondary school".into(),
            ));
        }
        let students = self.count(columns.students)?;
        if students == 0 {
            return Err(self.error(columns.students, "0, expected at least one student".into()));
        }
        let non_cadre_students = match columns.non_cadre {
            Some(col) => {
                let n = self.count(col)?;
                if n > students {
                    return Err(self.error(
                        col,
                        format!("{n} non-cadre students, expected at most the {students} students"),
                    ));
                }
                Some(n)
            }
            None => None,
        };
        Ok(Institution {
            name: name.to_string(),
            kind: kind.to_string(),
            sector,
            region: region.to_string(),
            students,
            non_cadre_students,
            line: self.line,
        })
    }

    /// Adds this row's counts of one breakdown to its totals; they must add up to the
    /// institution's students (an empty cell is 0).
    fn add_breakdown(
        &self,
        columns: &[(String, usize)],
        students: u64,
        what: &str,
        totals: &mut Breakdown,
    ) -> Result<()> {
        let Some(&(_, first)) = columns.first() else {
            return Ok(());
        };
        let mut sum = 0u64;
        for (k, &(_, col)) in columns.iter().enumerate() {
            let n = if self.cell(col).is_empty() {
                0
            } else {
                self.count(col)?
            };
            sum = sum.saturating_add(n);
            totals.students[k] = totals.students[k].saturating_add(n);
        }
        if sum != students {
            return Err(self.error(
                first,
                format!(
                    "the {what} columns add up to {sum}, expected the institution's {students} \
                     students"
                ),
            ));
        }
        Ok(())
    }
}

/// Accepted header names of REGIONS.csv's region column.
pub const REGION_LIST_HEADERS: &[&str] = &[
    "region",
    "county",
    "县级区域",
    "区县",
    "县区",
    "县(市、区)",
    "县（市、区）",
    "name",
    "名称",
];

/// Reads REGIONS.csv: one county-level region per row, each once; (region, line).
pub fn read_regions(source: &Source) -> Result<Vec<(String, u64)>> {
    let mut table = Table::new(source)?;
    let col = table.require(REGION_LIST_HEADERS)?;
    let header = table.headers[col].clone();
    let mut out: Vec<(String, u64)> = Vec::new();
    let mut seen: FastMap<String, u64> = FastMap::default();
    for row in table.records() {
        let (line, record) = row?;
        let region = record.get(col).unwrap_or("").trim();
        if region.is_empty() {
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            return Err(Error::input("empty, expected a county-level region")
                .file(source.name.clone())
                .line(line)
                .field(header));
        }
        if let Some(first) = seen.insert(region.to_string(), line) {
            return Err(Error::input(format!(
                "duplicate region '{region}' (first on line {first}), expected each region once"
            ))
            .file(source.name.clone())
            .line(line)
            .field(header));
        }
        out.push((region.to_string(), line));
    }
    if out.is_empty() {
        return Err(
            Error::input("no regions, expected one county-level region per row")
                .file(source.name.clone()),
        );
    }
    Ok(out)
}

/// The default secondary kinds as owned strings.
pub fn default_secondary_kinds() -> Vec<String> {
    SECONDARY_KINDS.iter().map(|k| k.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Federation> {
        Federation::parse(
            &Source::from_text("i.csv", text),
            None,
            &default_secondary_kinds(),
        )
    }

    #[test]
    fn chinese_headers_sectors_and_breakdowns() {
        let f = parse(
            "学校,类别,县级区域,学生数,性别:女,性别:男,民族:汉族,民族:回族\n\
             河南大学,本科院校,龙亭区,100,60,40,99,1\n\
             一中,中学,杞县,50,25,25,50,\n",
        )
        .unwrap();
        assert_eq!(f.institutions[0].sector, Sector::HigherEducation);
        assert_eq!(f.institutions[1].sector, Sector::Secondary);
        assert_eq!(f.regions, vec!["杞县"]);
        assert_eq!(f.gender.groups, vec!["女", "男"]);
        assert_eq!(f.gender.students, vec![85, 65]);
        assert_eq!(f.ethnic.students, vec![149, 1]);
        assert_eq!(f.students(), 150);
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = parse("institution,kind,region,students\nA,中学,,5\n").unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("region")));
        let e = parse("institution,kind,region,students\nA,u,,5\nA,u,,6\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("first on line 2"), "{e}");
        let e = parse("institution,kind,region,students\nA,u,,0\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("students"));
        let e = parse("institution,kind,region,students,female,male\nA,u,,5,2,2\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("female"));
        assert!(e.message.contains("add up to 4"), "{e}");
        let e =
            parse("institution,kind,region,students,non_cadre_students\nA,u,,5,6\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("non_cadre_students"));
        let e = parse("institution,kind,students\nA,u,5\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("region"));
    }

    #[test]
    fn listed_regions_must_hold_every_secondary_school() {
        let text = "institution,kind,region,students\nU,uni,,9\nS,secondary,X,5\n";
        let regions = Source::from_text("r.csv", "region\nY\nX\n");
        let f = Federation::parse(
            &Source::from_text("i.csv", text),
            Some(&regions),
            &default_secondary_kinds(),
        )
        .unwrap();
        assert_eq!(f.regions, vec!["Y", "X"]);
        assert!(f.regions_listed);
        let regions = Source::from_text("r.csv", "region\nY\n");
        let e = Federation::parse(
            &Source::from_text("i.csv", text),
            Some(&regions),
            &default_secondary_kinds(),
        )
        .unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("region")));
        let dup = Source::from_text("r.csv", "county\nX\nX\n");
        assert_eq!(read_regions(&dup).unwrap_err().line, Some(3));
    }
}
