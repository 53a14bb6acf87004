print("attentive-mock")
