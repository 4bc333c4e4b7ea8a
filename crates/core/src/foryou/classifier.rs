//! Logistic regression with an L2 penalty over sparse, L2-normalised rows,
//! trained by Nesterov's accelerated gradient descent with a fixed step
//! (at most 100 passes).
//!
//! Why by hand: the problem is small (the reader's labelled papers, a few
//! hundred to a few thousand rows of at most 48 terms) and the loss is
//! smooth with a known bound on its curvature, so plain accelerated gradient
//! descent converges in a hundred cheap passes with no tuning. `linfa`
//! would bring ndarray and its own dense/sparse types for one function.
//!
//! Classes are balanced: positives and negatives each weigh half of the loss,
//! whatever their numbers (a reader stars 3 of 36).

/// One labelled row.
pub struct Example<'a> {
    pub row: &'a [(u32, f32)],
    pub positive: bool,
    /// How much the example counts within its class (1 for a paper the
    /// reader labelled, less for one taken as a negative by default).
    pub weight: f32,
}

/// A trained linear model: score = w·x + bias.
#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    pub weights: Vec<f32>,
    pub bias: f32,
}

/// The L2 penalty: small, since rows are unit vectors and the loss averages.
pub const LAMBDA: f32 = 1e-3;
/// At most this many passes; training stops earlier once no weight moves
/// by more than [`SETTLED`] in a pass (a ranking needs no more precision).
const ITERATIONS: usize = 100;
const SETTLED: f32 = 1e-3;

impl Linear {
    /// w·x + bias for a row.
    pub fn margin(&self, row: &[(u32, f32)]) -> f32 {
        self.bias
            + row
                .iter()
                .map(|&(t, x)| self.weights[t as usize] * x)
                .sum::<f32>()
    }

    /// The probability the model gives the row being of interest.
    pub fn probability(&self, row: &[(u32, f32)]) -> f32 {
        sigmoid(self.margin(row))
    }

    /// Minimises Σ cᵢ log(1 + exp(−yᵢ(w·xᵢ + b))) + λ/2 |w|² over the
    /// examples, cᵢ balancing the classes. The gradient's Lipschitz constant
    /// is at most ¼ max |(xᵢ, 1)|² + λ = ½ + λ (unit rows, Σ cᵢ = 1), so
    /// the step 1/L always descends.
    pub fn train(dimensions: usize, examples: &[Example], lambda: f32) -> Linear {
        let class_total = |positive: bool| -> f32 {
            examples
                .iter()
                .filter(|e| e.positive == positive)
                .map(|e| e.weight)
                .sum()
        };
        let (pos, neg) = (class_total(true), class_total(false));
        let c: Vec<f32> = examples
            .iter()
            .map(|e| match (e.positive, pos > 0.0, neg > 0.0) {
                (true, _, true) => 0.5 * e.weight / pos,
                (true, _, false) => e.weight / pos,
                (false, true, _) => 0.5 * e.weight / neg,
                (false, false, _) => e.weight / neg,
            })
            .collect();
        let step = 1.0 / (0.5 + lambda);
        // x: the iterate, y: the look-ahead point gradients are taken at.
        let mut x = vec![0f32; dimensions + 1];
        let mut y = x.clone();
        let mut grad = vec![0f32; dimensions + 1];
        let mut t = 1f32;
        for _ in 0..ITERATIONS {
            grad.iter_mut().for_each(|g| *g = 0.0);
            for (e, &ci) in examples.iter().zip(&c) {
                let label = if e.positive { 1.0 } else { -1.0 };
                let margin =
                    y[dimensions] + e.row.iter().map(|&(j, v)| y[j as usize] * v).sum::<f32>();
                // d/dm log(1 + exp(-y m)) = -y σ(-y m)
                let g = -label * ci * sigmoid(-label * margin);
                for &(j, v) in e.row {
                    grad[j as usize] += g * v;
                }
                grad[dimensions] += g;
            }
            let mut moved = 0f32;
            let t_next = (1.0 + (1.0 + 4.0 * t * t).sqrt()) / 2.0;
            let momentum = (t - 1.0) / t_next;
            for j in 0..=dimensions {
                // The bias is not penalised.
                let penalty = if j < dimensions { lambda * y[j] } else { 0.0 };
                let next = y[j] - step * (grad[j] + penalty);
                moved = moved.max((next - x[j]).abs());
                y[j] = next + momentum * (next - x[j]);
                x[j] = next;
            }
            t = t_next;
            if moved < SETTLED {
                break;
            }
        }
        let bias = x.pop().unwrap_or(0.0);
        Linear { weights: x, bias }
    }
}

pub fn sigmoid(m: f32) -> f32 {
    1.0 / (1.0 + (-m).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(row: &[(u32, f32)]) -> Vec<(u32, f32)> {
        let n = row.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
        row.iter().map(|&(t, v)| (t, v / n)).collect()
    }

    #[test]
    fn a_separable_toy_set_is_learned() {
        // Term 0 marks the positives, term 1 the negatives; terms 2 and 3
        // are noise in both.
        let rows: Vec<(Vec<(u32, f32)>, bool)> = (0..40)
            .map(|i| {
                let positive = i % 4 == 0;
                let mark = if positive { 0 } else { 1 };
                let noise = 2 + (i % 2) as u32;
                (
                    unit(&[(mark, 1.0), (noise, 0.5 + (i % 3) as f32 * 0.2)]),
                    positive,
                )
            })
            .collect();
        let examples: Vec<Example> = rows
            .iter()
            .map(|(row, positive)| Example {
                row,
                positive: *positive,
                weight: 1.0,
            })
            .collect();
        let model = Linear::train(4, &examples, LAMBDA);
        for (row, positive) in &rows {
            assert_eq!(model.probability(row) > 0.5, *positive, "{row:?}");
        }
        assert!(
            model.weights[0] > 1.0 && model.weights[1] < -1.0,
            "{model:?}"
        );
        assert!(
            model.weights[2].abs() < model.weights[0].abs() / 4.0,
            "{model:?}"
        );
        // An unseen paper with the positive mark ranks above one without.
        let new_pos = unit(&[(0, 1.0), (3, 1.0)]);
        let new_neg = unit(&[(1, 1.0), (3, 1.0)]);
        assert!(model.margin(&new_pos) > model.margin(&new_neg));
    }

    #[test]
    fn the_penalty_keeps_weights_bounded_and_one_class_learns_its_terms() {
        let row = unit(&[(0, 1.0)]);
        let examples = [Example {
            row: &row,
            positive: true,
            weight: 1.0,
        }];
        let model = Linear::train(2, &examples, 0.1);
        assert!(model
            .weights
            .iter()
            .all(|w| w.is_finite() && w.abs() < 20.0));
        assert!(model.probability(&row) > 0.5);
    }
}
