# Spanish: "14 de diciembre de 1950" (as Django's own Spanish formats).
DATE_FORMAT = r"j \d\e F \d\e Y"
YEAR_MONTH_FORMAT = r"F \d\e Y"
SHORT_DATE_FORMAT = "d/m/Y"
