/**
 * What the SYNTHETIC heterogeneity-index / PFS demo cohort is shaped after: Ma et al., "Pretreatment
 * 18F-FDG uptake heterogeneity may predict treatment outcome of combined Trastuzumab and Pertuzumab
 * therapy in patients with metastatic HER2 positive breast cancer", Cancer Imaging 2023;23:90
 * (../shared/papers/fdg-heterogeneity-index-trastuzumab-pertuzumab.txt).
 *
 * `paper`: printed in the text (section given); `assumed`: the text is silent, the value is ours.
 * The hazard model is ours by construction: it is what makes HI50_max prognostic, and it is known,
 * so an analysis of this cohort can be checked against it.
 */
export const HI_PFS_CITATION =
  'Ma et al. Pretreatment 18F-FDG uptake heterogeneity may predict treatment outcome of combined ' +
  'Trastuzumab and Pertuzumab therapy in patients with metastatic HER2 positive breast cancer. ' +
  'Cancer Imaging 2023;23:90';

export const HI_PFS_DEMO_SEED = 20230090;

export const HI_PFS_MARGINALS = {
  /** paper: Results, "A total of 32 patients". */
  patients: 32,
  /** paper: Results, "A total of 280 lesions were included". Reproduced exactly. */
  lesions: 280,
  /** assumed: every patient has at least two measurable lesions (Figure 1 is not in the text). */
  minLesionsPerPatient: 2,
  /**
   * paper: Table 1, patients with a lesion at each site (breast 17, lung 12, liver 8, bone 14,
   * lymph node 29; viscera, i.e. liver, lungs, adrenal gland, ovaries, 25). Reproduced exactly:
   * `viscera` is reached by adding adrenal or ovarian lesions to patients without lung or liver ones.
   */
  sitePatients: { breast: 17, lung: 12, liver: 8, bone: 14, 'lymph node': 29 },
  visceraPatients: 25,
  /** assumed: a few patients with brain or skin/muscle lesions ("other tissues or organs"). */
  otherPatients: { brain: 3, 'skin/muscle': 3 },
  /** assumed: SUVmax per lesion is log-normal, median 6, log-SD 0.45, at least 3. */
  suvMax: { median: 6, logSd: 0.45, min: 3 },
  /** assumed: MTV at 50% of SUVmax, log-normal, median 3 mL, log-SD 0.8 (lesions of 10 mm or more). */
  mtv50: { median: 3, logSd: 0.8 },
  /**
   * assumed: a patient's heterogeneity z ~ N(0, 1) shifts every lesion's SUVmean50 / SUVmax ratio
   * r50 = 0.5 + 0.5 · logistic(ratioCentre − patientWeight · z − lesionWeight · ε), so HI50 = 1 / r50
   * lies in (1, 2) as at a 50% contour it must; centred so HI50_max straddles the paper's 1.571.
   */
  hi50: { ratioCentre: -0.2, patientWeight: 0.7, lesionWeight: 0.5 },
  /**
   * The known hazard model (ours): PFS ~ exponential with rate
   * baselineRate · exp(logHazardRatioPerUnit · (HI50_max − centre)) per month; HI50_max from the
   * CSV's rounded values. Baseline median ln 2 / 0.05 ≈ 14 months at the paper's cut-off 1.571.
   */
  hazard: { baselineRatePerMonth: 0.05, logHazardRatioPerUnit: 5, centre: 1.571 },
  /** paper: Methods, enrolled June 2019 - July 2022; assumed: follow-up uniform over 8-37 months. */
  followUpMonths: { min: 8, max: 37 },
} as const;
