/* The exchange and settlement calendars: one table for the whole supported range, built once. */
export { checkedDate, civilDate, edate, FIRST_DAY, FIRST_YEAR, isoDate, LAST_DAY, LAST_YEAR, serialOf, weekday } from "./serial";
export { easterSunday, exchangeHolidays, fedHolidays, SPECIAL_CLOSURES, type Closure } from "./holidays";
export { exchangeClosure, exchangeClosures, isSettlementDay, isTradingDay, settlementClosure, settlementDay, tradingDay, tradingDaysBetween } from "./days";
export { MAX_CYCLE, SETTLEMENT_CYCLES, settlementCycle, settlementDate } from "./settlement";
export { LOCKUP_TRADING_DAYS, lockUpPeriod } from "./lockup";
