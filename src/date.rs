//! Calendar dates as committees write them (`2027-05-20`): parsed, moved by whole days and
//! printed, with no clock and no time zone (a notice's date is the one its inputs give).

/// A date of the proleptic Gregorian calendar, years 1 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year.
    pub year: u32,
    /// The month, 1 to 12.
    pub month: u32,
    /// The day of the month, from 1.
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`; the message says what was expected.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("'{text}' is not a date, expected YYYY-MM-DD such as 2027-05-20");
        let parts: Vec<&str> = text.split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let number = |s: &str| {
            if s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse::<u32>().ok()
            } else {
                None
            }
        };
        let (Some(year), Some(month), Some(day)) = (number(y), number(m), number(d)) else {
            return Err(bad());
        };
        if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
        Ok(Date { year, month, day })
    }

    /// Days since 0001-01-01.
    fn ordinal(self) -> u64 {
        let y = u64::from(self.year) - 1;
        let mut days = y * 365 + y / 4 - y / 100 + y / 400;
        for m in 1..self.month {
            days += u64::from(days_in_month(self.year, m));
        }
        days + u64::from(self.day) - 1
    }

    /// The date `n` days later.
    pub fn plus_days(self, n: u64) -> Date {
        let mut left = self.ordinal() + n;
        let mut year = 1;
        loop {
            let len = if is_leap(year) { 366 } else { 365 };
            if left < len {
                break;
            }
            left -= len;
            year += 1;
        }
        let mut month = 1;
        while left >= u64::from(days_in_month(year, month)) {
            left -= u64::from(days_in_month(year, month));
            month += 1;
        }
        Date {
            year,
            month,
            day: left as u32 + 1,
        }
    }

    /// `2027年5月20日`.
    pub fn chinese(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

impl std::fmt::Display for Date {
    /// `2027-05-20`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_moves_and_prints_dates() {
        let d = Date::parse("2027-05-20").unwrap();
        assert_eq!(d.to_string(), "2027-05-20");
        assert_eq!(d.chinese(), "2027年5月20日");
        assert_eq!(d.plus_days(6).to_string(), "2027-05-26");
        assert_eq!(d.plus_days(12).to_string(), "2027-06-01");
        let leap = Date::parse("2028-02-27").unwrap();
        assert_eq!(leap.plus_days(2).to_string(), "2028-02-29");
        assert_eq!(leap.plus_days(3).to_string(), "2028-03-01");
        assert_eq!(
            Date::parse("2027-12-30").unwrap().plus_days(5).to_string(),
            "2028-01-04"
        );
        for bad in [
            "2027-02-29",
            "2027-13-01",
            "27-05-20",
            "2027-5-20",
            "2027-05-2x",
            "",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }
}
