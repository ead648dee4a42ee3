/**
 * A bundled universe of real US-listed stocks (S&P 500 constituents) with their GICS sectors and a
 * reference price. The simulator draws its market from it; universes and sector routing use the
 * sectors. Within a sector, tickers are listed roughly by market capitalisation, largest first.
 * Prices are round reference levels for simulation, not market data.
 */

/** The eleven GICS sectors. */
export const SECTORS = [
  'Information Technology',
  'Communication Services',
  'Consumer Discretionary',
  'Consumer Staples',
  'Energy',
  'Financials',
  'Health Care',
  'Industrials',
  'Materials',
  'Real Estate',
  'Utilities',
] as const;

export type Sector = (typeof SECTORS)[number];

/** One stock of the bundled universe. */
export interface EquityInfo {
  ticker: string;
  sector: Sector;
  /** Reference price in USD, a starting level for simulation. */
  price: number;
  /** Rank by size within its sector, 0 = largest. */
  rankInSector: number;
}

// Sector -> "TICKER:price ..." (compact, so the data reads as a table and stays small).
const RAW: Record<Sector, string> = {
  'Information Technology':
    'AAPL:230 MSFT:420 NVDA:140 AVGO:170 ORCL:170 CRM:300 ADBE:500 AMD:150 CSCO:58 ACN:350 ' +
    'IBM:220 QCOM:165 INTU:630 TXN:200 NOW:950 AMAT:190 MU:100 LRCX:75 ADI:225 KLAC:700 ' +
    'ANET:380 PANW:360 SNPS:500 CDNS:290 INTC:22 APH:65 MSI:460 CRWD:350 ROP:560 ADSK:290 ' +
    'NXPI:230 FTNT:80 MCHP:65 TEL:150 IT:480 CTSH:78 GLW:48 MPWR:600 HPQ:35 ON:55 KEYS:160 ' +
    'FICO:2000 CDW:190 HPE:20 ANSS:340 TYL:600 NTAP:120 WDC:65 STX:100 PTC:180 ZBRA:380 ' +
    'TER:110 FSLR:200 TDY:460 VRSN:190 GDDY:180 TRMB:70 SMCI:40 JBL:140 EPAM:200 FFIV:250 ' +
    'ENPH:70 AKAM:100 JNPR:38 SWKS:90 GEN:30 QRVO:70 PLTR:40 DELL:120',
  'Communication Services':
    'GOOGL:170 GOOG:172 META:560 NFLX:700 TMUS:220 DIS:95 CMCSA:42 VZ:42 T:22 CHTR:350 ' +
    'EA:150 TTWO:160 WBD:9 OMC:100 IPG:30 LYV:110 MTCH:33 FOXA:45 FOX:42 NWSA:28 NWS:30 ' +
    'PARA:11',
  'Consumer Discretionary':
    'AMZN:185 TSLA:250 HD:400 MCD:290 LOW:260 BKNG:4200 TJX:115 SBUX:95 NKE:80 CMG:55 ' +
    'ORLY:1150 MAR:260 ABNB:130 AZO:3100 HLT:240 GM:50 F:11 ROST:150 DHI:170 RCL:210 ' +
    'LEN:170 YUM:135 TSCO:270 LULU:300 EBAY:62 GRMN:170 PHM:130 NVR:9000 DECK:170 ULTA:380 ' +
    'GPC:120 CCL:20 DRI:160 EXPE:150 LVS:45 BBY:90 APTV:60 POOL:370 KMX:80 LKQ:40 TPR:60 ' +
    'DPZ:420 MGM:38 WYNN:90 HAS:65 CZR:40 RL:220 BWA:33 MHK:140 NCLH:22 ETSY:55',
  'Consumer Staples':
    'WMT:80 PG:170 COST:880 KO:70 PEP:165 PM:125 MDLZ:70 MO:52 CL:95 TGT:150 KMB:140 GIS:65 ' +
    'STZ:250 SYY:75 KDP:35 MNST:52 KHC:35 KR:58 HSY:180 ADM:55 EL:70 KVUE:22 CHD:105 ' +
    'CLX:160 MKC:80 K:80 DG:80 DLTR:70 TSN:60 CAG:28 SJM:115 BG:90 HRL:30 CPB:45 LW:55 ' +
    'TAP:58 BF.B:42 WBA:9',
  Energy:
    'XOM:118 CVX:155 COP:110 EOG:128 SLB:42 MPC:160 PSX:135 OXY:52 WMB:55 OKE:95 VLO:140 ' +
    'KMI:25 HES:145 BKR:40 FANG:180 HAL:30 DVN:40 CTRA:25 TRGP:180 EQT:36 MRO:28 APA:23',
  Financials:
    'BRK.B:460 JPM:220 V:290 MA:510 BAC:42 WFC:60 GS:500 MS:110 SPGI:510 AXP:270 BLK:950 ' +
    'C:65 SCHW:70 PGR:250 CB:290 MMC:225 BX:160 ICE:160 CME:225 PNC:190 USB:46 AON:360 ' +
    'MCO:470 AJG:290 TFC:42 COF:150 AFL:110 TRV:240 MET:80 AIG:75 ALL:190 PRU:120 MSCI:580 ' +
    'AMP:500 BK:75 FIS:80 FI:180 PYPL:75 DFS:150 HIG:115 ACGL:100 MTB:180 FITB:42 STT:90 ' +
    'WTW:300 RJF:140 TROW:115 NDAQ:75 BRO:105 HBAN:15 RF:23 CINF:140 SYF:55 NTRS:95 CFG:42 ' +
    'KEY:17 WRB:60 L:80 PFG:85 EG:380 CBOE:210 FDS:460 GPN:110 JKHY:175 MKTX:250 IVZ:17 ' +
    'BEN:21 AIZ:200 GL:110 ERIE:420 CPAY:330 KKR:130',
  'Health Care':
    'LLY:900 UNH:590 JNJ:160 ABBV:190 MRK:100 TMO:560 ABT:115 DHR:250 ISRG:500 AMGN:320 ' +
    'PFE:29 SYK:360 BSX:85 VRTX:470 ELV:410 MDT:85 REGN:1000 GILD:90 CI:320 BMY:55 ZTS:180 ' +
    'CVS:58 MCK:600 HCA:350 BDX:230 EW:70 A:140 IDXX:430 IQV:210 GEHC:85 RMD:240 CNC:65 ' +
    'HUM:270 MTD:1300 DXCM:75 CAH:115 CTLT:60 COR:240 BIIB:175 ZBH:110 WST:320 STE:220 ' +
    'MRNA:45 MOH:320 BAX:35 LH:230 DGX:155 HOLX:80 COO:100 PODD:260 ALGN:230 RVTY:115 ' +
    'VTRS:12 TECH:70 CRL:190 INCY:65 UHS:200 HSIC:72 SOLV:70 DVA:150 BIO:340 TFX:190',
  Industrials:
    'GE:180 CAT:380 RTX:125 UNP:240 HON:220 UBER:75 ETN:340 LMT:550 ADP:300 DE:400 BA:150 ' +
    'UPS:130 WM:215 TT:400 PH:650 ITW:260 GD:290 NOC:520 CTAS:210 TDG:1300 CSX:34 EMR:120 ' +
    'MMM:130 FDX:275 CARR:75 PCAR:105 CPRT:60 JCI:80 NSC:250 GWW:1100 RSG:210 URI:800 ' +
    'PAYX:145 CMI:350 FAST:80 OTIS:100 AME:180 ODFL:200 PWR:310 VRSK:280 LHX:250 IR:95 ' +
    'HWM:110 AXON:450 EFX:270 XYL:130 DAL:55 ROK:270 WAB:190 DOV:190 UAL:80 FTV:75 BR:220 ' +
    'BLDR:180 VLTO:110 HUBB:430 LDOS:160 J:145 EXPD:120 LUV:30 TXT:85 SNA:330 PNR:100 ' +
    'MAS:80 IEX:210 NDSN:250 CHRW:105 SWK:90 ALLE:140 GNRC:180 AOS:75 JBHT:175 HII:250 ' +
    'DAY:60 PAYC:220 RHI:70 AMTM:25 GEV:330',
  Materials:
    'LIN:460 SHW:380 APD:320 ECL:250 FCX:45 NEM:50 CTVA:60 DOW:45 DD:80 NUE:150 PPG:125 ' +
    'MLM:560 VMC:270 LYB:85 IFF:100 SW:48 PKG:230 STLD:135 BALL:60 AVY:200 AMCR:10 CF:85 ' +
    'IP:55 CE:75 EMN:100 ALB:95 MOS:27 FMC:60',
  'Real Estate':
    'PLD:115 AMT:210 EQIX:900 WELL:130 SPG:170 PSA:340 O:58 DLR:180 CCI:100 EXR:160 VICI:32 ' +
    'AVB:230 CBRE:130 IRM:120 EQR:72 SBAC:220 VTR:65 WY:30 INVH:33 ARE:105 ESS:300 MAA:155 ' +
    'KIM:25 DOC:21 HST:17 UDR:44 CPT:120 REG:72 BXP:80 FRT:110 CSGP:75',
  Utilities:
    'NEE:75 SO:88 DUK:115 CEG:260 AEP:100 SRE:90 D:57 PCG:20 EXC:40 XEL:68 PEG:88 ED:100 ' +
    'EIX:85 WEC:98 ETR:150 DTE:125 AWK:135 PPL:33 FE:42 ES:62 AEE:90 CNP:32 ATO:150 CMS:70 ' +
    'NRG:90 NI:34 LNT:62 EVRG:65 PNW:90 AES:15 VST:130',
};

let parsed: readonly EquityInfo[] | undefined;

/** Every stock of the bundled universe (at least 500), sector by sector. */
export function usEquities(): readonly EquityInfo[] {
  if (parsed !== undefined) return parsed;
  const out: EquityInfo[] = [];
  for (const sector of SECTORS) {
    RAW[sector].split(' ').forEach((item, rankInSector) => {
      const [ticker, price] = item.split(':') as [string, string];
      out.push(Object.freeze({ ticker, sector, price: Number(price), rankInSector }));
    });
  }
  parsed = Object.freeze(out);
  return parsed;
}

let bySymbol: ReadonlyMap<string, EquityInfo> | undefined;

/** The bundled universe's entry for a ticker, if it has one. */
export function equityInfo(ticker: string): EquityInfo | undefined {
  bySymbol ??= new Map(usEquities().map((e) => [e.ticker, e]));
  return bySymbol.get(ticker);
}

/** Ticker -> sector for the whole bundled universe (the default map for sector routing). */
export function sectorMap(): ReadonlyMap<string, Sector> {
  return new Map(usEquities().map((e) => [e.ticker, e.sector]));
}
